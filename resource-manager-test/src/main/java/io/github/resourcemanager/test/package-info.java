/** Test fixtures: manual time, scripted sources, collected alerts and a JUnit 5 extension wiring them to a manager. */
@NullMarked
package io.github.resourcemanager.test;

import org.jspecify.annotations.NullMarked;
