/** The in-process ONNX embedding model (all-MiniLM-L6-v2 from its jar; nothing is downloaded). */
@NullMarked
package dev.puppetengine.memory.onnx;

import org.jspecify.annotations.NullMarked;
