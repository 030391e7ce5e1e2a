package dev.puppetengine.shared;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link EngineProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({EngineProperties.class, ClusterProperties.class})
class EngineConfiguration {}
