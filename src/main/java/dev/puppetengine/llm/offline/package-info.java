/** The offline composer: the {@code LanguageModel} that needs no key and no network (DESIGN §5.1). */
@NullMarked
package dev.puppetengine.llm.offline;

import org.jspecify.annotations.NullMarked;
