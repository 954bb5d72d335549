/** Runnable examples of mvc. */
package dev.mvc.samples;
