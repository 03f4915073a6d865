package io.github.resourcemanager.export;

/**
 * Checks that the Jackson libraries this module depends on are present before any class that uses them is loaded,
 * so that an application that excluded them from its class path gets a message naming the jar instead of a
 * {@link NoClassDefFoundError} from deep inside.
 */
final class Jackson {
  static final String JSON_ARTIFACT = "com.fasterxml.jackson.core:jackson-databind";
  static final String CSV_ARTIFACT = "com.fasterxml.jackson.dataformat:jackson-dataformat-csv";

  private Jackson() {}

  /**
   * Checks for jackson-core.
   *
   * @throws IllegalStateException if jackson-core is not on the class path
   */
  static void requireJson(String what) {
    require(what, "com.fasterxml.jackson.core.JsonFactory", JSON_ARTIFACT, "JSON");
  }

  /**
   * Checks for jackson-core and jackson-dataformat-csv.
   *
   * @throws IllegalStateException if jackson-dataformat-csv (or jackson-core) is not on the class path
   */
  static void requireCsv(String what) {
    requireJson(what);
    require(what, "com.fasterxml.jackson.dataformat.csv.CsvFactory", CSV_ARTIFACT, "CSV");
  }

  private static void require(String what, String className, String artifact, String format) {
    try {
      Class.forName(className, false, Jackson.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(what + " as " + format + " needs " + artifact + " on the class path; "
          + "resource-manager-export depends on it, so put it back if your build excludes it (Jackson 2.x)", e);
    }
  }
}
