/**
 * Implementation details shared between the library's packages. <strong>Not public API</strong>: anything
 * here may change or disappear in any release without notice. Do not use it from application code.
 */
@NullMarked
package io.github.resourcemanager.internal;

import org.jspecify.annotations.NullMarked;
