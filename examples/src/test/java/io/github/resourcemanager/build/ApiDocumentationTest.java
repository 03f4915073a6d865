package io.github.resourcemanager.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every public element of every exported package of every library module has a doc comment: types, constructors,
 * methods and fields (a method marked {@code @Override} inherits its comment). The javadoc jars are built with
 * doclint, which catches broken links and bad HTML; this catches what doclint would only report together with every
 * missing {@code @param} and {@code @return}.
 */
class ApiDocumentationTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern EXPORTS = Pattern.compile("^\\s*exports\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  @Test
  void everyPublicElementOfEveryExportedPackageHasADocComment() throws IOException {
    List<Path> sources = exportedSources();
    assertThat(sources).as("sources of exported packages").isNotEmpty();
    List<String> missing = new ArrayList<>();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      JavacTask task = (JavacTask) javac.getTask(null, files, d -> { }, List.of("-proc:none"), null, units);
      DocTrees docs = DocTrees.instance(task);
      for (CompilationUnitTree unit : task.parse()) {
        new Scanner(docs, unit, missing).scan(unit, null);
      }
    }
    assertThat(missing).as("public elements of exported packages without a doc comment").isEmpty();
  }

  /**
   * The core module's API stays small: its exported packages hold at most 100 public types, counted both as top-level
   * types and with the public types nested in them (each is a name a user can depend on).
   */
  @Test
  void theCoreExportsAtMostOneHundredPublicTypes() throws IOException {
    List<Path> sources = exportedSources().stream()
        .filter(p -> p.startsWith(ROOT.resolve("resource-manager-core"))).collect(Collectors.toList());
    java.util.Map<String, Integer> topLevel = new java.util.TreeMap<>();
    java.util.Map<String, Integer> withNested = new java.util.TreeMap<>();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      JavacTask task = (JavacTask) javac.getTask(null, files, d -> { }, List.of("-proc:none"), null, units);
      for (CompilationUnitTree unit : task.parse()) {
        String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
        for (Tree type : unit.getTypeDecls()) {
          if (type instanceof ClassTree c && c.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
            topLevel.merge(pkg, 1, Integer::sum);
            withNested.merge(pkg, countVisible(c), Integer::sum);
          }
        }
      }
    }
    assertThat(topLevel).as("public top-level types per exported package").containsKey("io.github.resourcemanager");
    assertThat(topLevel.values().stream().mapToInt(Integer::intValue).sum()).as("public top-level types: %s", topLevel)
        .isLessThanOrEqualTo(100);
    assertThat(withNested.values().stream().mapToInt(Integer::intValue).sum())
        .as("public types, nested ones included: %s", withNested).isLessThanOrEqualTo(100);
  }

  /** {@code type} and the visible types nested in it, at any depth. */
  private static int countVisible(ClassTree type) {
    int n = 1;
    boolean isInterface = type.getKind() == Tree.Kind.INTERFACE || type.getKind() == Tree.Kind.ANNOTATION_TYPE;
    for (Tree member : type.getMembers()) {
      if (member instanceof ClassTree nested) {
        Set<Modifier> flags = nested.getModifiers().getFlags();
        if (flags.contains(Modifier.PUBLIC) || (isInterface && !flags.contains(Modifier.PRIVATE))) {
          n += countVisible(nested);
        }
      }
    }
    return n;
  }

  /** The .java files of the packages that some module-info.java under the project root exports. */
  private static List<Path> exportedSources() throws IOException {
    List<Path> result = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.filter(Files::isDirectory).collect(Collectors.toList())) {
        Path javaRoot = module.resolve("src/main/java");
        Path info = javaRoot.resolve("module-info.java");
        if (!Files.exists(info)) {
          continue;
        }
        Matcher m = EXPORTS.matcher(Files.readString(info));
        while (m.find()) {
          Path dir = javaRoot.resolve(m.group(1).replace('.', '/'));
          try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(result::add);
          }
        }
      }
    }
    return result;
  }

  private static final class Scanner extends TreePathScanner<Void, Void> {
    private final DocTrees docs;
    private final CompilationUnitTree unit;
    private final List<String> missing;

    Scanner(DocTrees docs, CompilationUnitTree unit, List<String> missing) {
      this.docs = docs;
      this.unit = unit;
      this.missing = missing;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      if (!visible(tree.getModifiers(), getCurrentPath())) {
        return null; // nothing inside a hidden type is API
      }
      require(tree.getSimpleName().toString());
      return super.visitClass(tree, unused);
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
      boolean inherits = tree.getModifiers().getAnnotations().stream()
          .anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
      boolean implicit = tree.getName().contentEquals("<init>") && docs.getSourcePositions()
          .getStartPosition(unit, tree) < 0;
      if (visible(tree.getModifiers(), getCurrentPath()) && !inherits && !implicit) {
        require(tree.getName() + "()");
      }
      return null; // bodies hold no API
    }

    @Override
    public Void visitVariable(VariableTree tree, Void unused) {
      Tree parent = getCurrentPath().getParentPath().getLeaf();
      if (parent instanceof ClassTree owner && owner.getKind() != Tree.Kind.ENUM
          && visible(tree.getModifiers(), getCurrentPath()) && !isRecordComponent(owner, tree)) {
        require(tree.getName().toString());
      }
      return null;
    }

    private static boolean isRecordComponent(ClassTree owner, VariableTree field) {
      return owner.getKind() == Tree.Kind.RECORD && !field.getModifiers().getFlags().contains(Modifier.STATIC);
    }

    /** Public, or a member of an interface (implicitly public), inside types that are all visible. */
    private static boolean visible(ModifiersTree modifiers, TreePath path) {
      Set<Modifier> flags = modifiers.getFlags();
      if (flags.contains(Modifier.PRIVATE)) {
        return false;
      }
      Tree parent = path.getParentPath().getLeaf();
      boolean inInterface = parent instanceof ClassTree owner
          && (owner.getKind() == Tree.Kind.INTERFACE || owner.getKind() == Tree.Kind.ANNOTATION_TYPE);
      return flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED) || inInterface;
    }

    private void require(String name) {
      if (docs.getDocCommentTree(getCurrentPath()) == null) {
        long line = unit.getLineMap().getLineNumber(docs.getSourcePositions().getStartPosition(unit, getCurrentPath().getLeaf()));
        missing.add(ROOT.relativize(Path.of(unit.getSourceFile().toUri())) + ":" + line + " " + name);
      }
    }
  }
}
