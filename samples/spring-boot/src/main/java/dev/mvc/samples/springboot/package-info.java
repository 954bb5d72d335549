/** A Spring Boot web application that answers through a Spring AI ChatClient pinned by mvc. */
@NullMarked
package dev.mvc.samples.springboot;

import org.jspecify.annotations.NullMarked;
