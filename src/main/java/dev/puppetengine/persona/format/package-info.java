/** The persona file formats (original Puppet Engine JSON/YAML, ElizaOS characters) and the config-dir catalog. */
@NullMarked
package dev.puppetengine.persona.format;

import org.jspecify.annotations.NullMarked;
