package io.github.resourcemanager.kubernetes.internal;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Kubernetes' rules for names, label keys and values, and int-or-percent values (apimachinery validation.go). A null
 * value, as read from a manifest that lacks it, is rejected like any other invalid one, naming the field.
 */
public final class KubernetesNames {

  // apimachinery pkg/util/validation/validation.go: dns1123LabelFmt, dns1123SubdomainFmt, qualifiedNameFmt, labelValueFmt
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUALIFIED = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern INT_OR_PERCENT = Pattern.compile("[0-9]+%?");

  private KubernetesNames() {}

  /**
   * Checks a DNS-1123 label: lowercase letters, digits and {@code -}, at most 63 characters.
   *
   * @throws IllegalArgumentException naming {@code field}
   */
  public static String requireLabelName(String field, @Nullable String name) {
    if (name == null || name.length() > 63 || !LABEL.matcher(name).matches()) {
      throw new IllegalArgumentException(field + " " + quote(name) + " is not allowed; use 1 to 63 lowercase letters, "
          + "digits and -, starting and ending with a letter or digit");
    }
    return name;
  }

  /**
   * Checks a DNS-1123 subdomain: lowercase letters, digits, {@code -} and {@code .}, at most 253 characters.
   *
   * @throws IllegalArgumentException naming {@code field}
   */
  public static String requireSubdomainName(String field, @Nullable String name) {
    if (name == null || name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
      throw new IllegalArgumentException(field + " " + quote(name) + " is not allowed; use 1 to 253 lowercase letters, "
          + "digits, - and ., starting and ending with a letter or digit");
    }
    return name;
  }

  /**
   * Checks a label key: an optional DNS subdomain prefix and {@code /}, then a name of at most 63 characters.
   *
   * @throws IllegalArgumentException naming {@code field}
   */
  public static String requireLabelKey(String field, @Nullable String key) {
    if (key == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    boolean ok = name.length() <= 63 && QUALIFIED.matcher(name).matches();
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      ok &= prefix.length() <= 253 && SUBDOMAIN.matcher(prefix).matches();
    }
    if (!ok) {
      throw new IllegalArgumentException(field + " " + quote(key) + " is not allowed; use [prefix/]name where name has 1 "
          + "to 63 letters, digits, -, _ and ., starting and ending with a letter or digit");
    }
    return key;
  }

  /**
   * Checks a label value: empty, or at most 63 letters, digits, {@code - _ .} starting and ending alphanumeric.
   *
   * @throws IllegalArgumentException naming {@code field}
   */
  public static String requireLabelValue(String field, @Nullable String value) {
    if (value == null || value.length() > 63 || !(value.isEmpty() || QUALIFIED.matcher(value).matches())) {
      throw new IllegalArgumentException(field + " value " + quote(value) + " is not allowed; use at most 63 letters, "
          + "digits, -, _ and ., starting and ending with a letter or digit");
    }
    return value;
  }

  /**
   * Checks an int-or-percent value: a non-negative whole number ({@code 1}) or percentage ({@code 50%}).
   *
   * @throws IllegalArgumentException naming {@code field}
   */
  public static String requireIntOrPercent(String field, @Nullable String value) {
    if (value == null || !INT_OR_PERCENT.matcher(value).matches() || value.length() > 10) {
      throw new IllegalArgumentException(field + " " + quote(value) + " is not allowed; use a whole number of pods "
          + "(e.g. 1) or a percentage (e.g. 50%)");
    }
    return value;
  }

  private static String quote(@Nullable String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
