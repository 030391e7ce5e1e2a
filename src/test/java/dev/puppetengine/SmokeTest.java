package dev.puppetengine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void application_class_is_present() {
        assertThat(PuppetEngineApplication.class.getSimpleName()).isEqualTo("PuppetEngineApplication");
    }
}
