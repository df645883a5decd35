package io.scimlab.spring.boot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that serves SCIM for GitLab with nothing but the starter on its class path and
 * {@code scimlab.*} properties: no ScimLab bean of its own.
 */
@SpringBootApplication
public class SampleApplication {
    /**
     * Runs the application.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
