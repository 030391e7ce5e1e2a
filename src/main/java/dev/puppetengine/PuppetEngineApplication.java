package dev.puppetengine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The engine's Spring Boot application. */
@SpringBootApplication
public class PuppetEngineApplication {

    public static void main(String[] args) {
        SpringApplication.run(PuppetEngineApplication.class, args);
    }
}
