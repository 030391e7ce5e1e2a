/**
 * The dashboard's page routes: every view has its own URL and is a static page of the jar (HTML, one small JS module
 * per view, CSS; uPlot as a WebJar), which renders data from the API as text only.
 */
@NullMarked
package dev.puppetengine.web.dashboard;

import org.jspecify.annotations.NullMarked;
