/**
 * Implementation of the Kubernetes module: the mapping between the library's configuration and Kubernetes objects,
 * canonical quantities, and the reader of the JSON configuration's {@code kubernetes} section. Not exported.
 */
@NullMarked
package io.github.resourcemanager.kubernetes.internal;

import org.jspecify.annotations.NullMarked;
