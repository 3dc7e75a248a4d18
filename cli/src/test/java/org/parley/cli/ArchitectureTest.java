package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture invariants of ARCHITECTURE.md that the compiler does not check, read from the
 * compiled main classes of each module (found where a known class of the module was loaded from, a
 * jar or a directory): which classes each class file refers to ({@link ClassReferences}). A module
 * may reach a library through another's dependencies (Netty and JAIN-SIP come with msrp-core and
 * sip), so the poms alone do not keep these.
 */
class ArchitectureTest {
  private static final String JAIN_SIP = "javax/sip/";
  private static final String JAIN_SIP_RI = "gov/nist/";
  private static final String NETTY = "io/netty/";
  private static final String MSRP = "org/parley/msrp/";
  private static final String SDP = "org/parley/sdp/";
  private static final String RELAY = "org/parley/relay/";
  private static final String IM = "org/parley/im/";
  private static final String SIP = "org/parley/sip/";
  private static final String CLI = "org/parley/cli/";

  /** Per module, each of its classes and the classes it refers to. */
  private static final Map<String, Map<String, Set<String>>> MODULES = new TreeMap<>();

  @BeforeAll
  static void readModules() throws IOException, URISyntaxException {
    read("msrp-core", org.parley.msrp.MsrpUri.class);
    read("sdp", org.parley.sdp.SessionDescription.class);
    read("relay", org.parley.relay.Relay.class);
    read("im", org.parley.im.cpim.CpimMessage.class);
    read("sip", org.parley.sip.SipConfig.class);
    read("cli", Parley.class);
  }

  @Test
  void theScannerSeesWhatIsThere() {
    for (Map.Entry<String, Map<String, Set<String>>> m : MODULES.entrySet()) {
      assertThat(m.getValue()).as("classes of %s", m.getKey()).hasSizeGreaterThan(10);
    }
    assertThat(classesReferring("sip", JAIN_SIP)).as("sip uses JAIN-SIP").isNotEmpty();
    assertThat(classesReferring("msrp-core", NETTY)).as("msrp-core uses Netty").isNotEmpty();
    assertThat(classesReferring("sdp", MSRP)).as("sdp uses MsrpUri").isNotEmpty();
    assertThat(referring(MODULES.get("im"), c -> c.startsWith(IM + "imdn/"), IM + "cpim/"))
        .as("IMDN is carried in CPIM")
        .isNotEmpty();
  }

  @Test
  void theScannerReadsDescriptorsAndSkipsStringLiterals() throws IOException {
    byte[] classFile;
    try (InputStream in = Sample.class.getResourceAsStream("ArchitectureTest$Sample.class")) {
      classFile = in.readAllBytes();
    }
    assertThat(ClassReferences.of(classFile))
        .contains("org/parley/cli/ArchitectureTest$Sample", "java/util/concurrent/atomic/LongAdder")
        .contains("java/util/List", "java/time/Duration")
        .doesNotContain("javax/sip/Dialog");
  }

  /** Names LongAdder only in a descriptor, Duration only in a generic signature. */
  @SuppressWarnings("unused")
  private static final class Sample {
    private List<java.time.Duration> durations;

    String literal() {
      return "Ljavax/sip/Dialog;";
    }

    void take(java.util.concurrent.atomic.LongAdder adder) {}
  }

  /**
   * The sizes a newcomer can read (ARCHITECTURE.md, "Code map"): no main source file over 500
   * lines, the agent's front class under 300, the decoder's state machine under 450. Read from the
   * sources beside this module (the tests run in cli/).
   */
  @Test
  void mainSourceFilesStaySmall() throws IOException {
    Map<String, Long> over = new TreeMap<>();
    List<Path> modules;
    try (Stream<Path> all = Files.list(Path.of(".."))) {
      modules = all.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList();
    }
    assertThat(modules).as("modules beside cli").hasSizeGreaterThanOrEqualTo(7);
    for (Path module : modules) {
      Path src = module.resolve("src/main/java");
      try (Stream<Path> files = Files.walk(src)) {
        for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
          long lines;
          try (Stream<String> l = Files.lines(f)) {
            lines = l.count();
          }
          String name = f.getFileName().toString();
          long limit =
              switch (name) {
                case "SipAgent.java" -> 299;
                case "MsrpDecoder.java" -> 449;
                default -> 500;
              };
          if (lines > limit) {
            over.put(module.getFileName() + "/" + src.relativize(f), lines);
          }
        }
      }
    }
    assertThat(over).as("main source files over their size").isEmpty();
  }

  @Test
  void jainSipIsUsedOnlyInTheSipModule() {
    for (String module : List.of("msrp-core", "sdp", "relay", "im", "cli")) {
      assertThat(classesReferring(module, JAIN_SIP, JAIN_SIP_RI)).as(module).isEmpty();
    }
  }

  @Test
  void sdpAndImUseNoNetty() {
    assertThat(classesReferring("sdp", NETTY)).isEmpty();
    assertThat(classesReferring("im", NETTY)).isEmpty();
  }

  @Test
  void msrpCoreKnowsNoOtherModule() {
    assertThat(classesReferring("msrp-core", SDP, RELAY, IM, SIP, CLI)).isEmpty();
  }

  @Test
  void sdpUsesOnlyMsrpCoresModelPackage() {
    assertThat(classesReferring("sdp", RELAY, IM, SIP, CLI)).isEmpty();
    Set<String> msrp = new TreeSet<>();
    MODULES
        .get("sdp")
        .values()
        .forEach(refs -> refs.stream().filter(r -> r.startsWith(MSRP)).forEach(msrp::add));
    assertThat(msrp).allMatch(name -> name.indexOf('/', MSRP.length()) < 0, "in org.parley.msrp");
    assertThat(classesReferring("msrp-core", NETTY))
        .as("the model package org.parley.msrp has no Netty types")
        .allMatch(name -> name.indexOf('/', MSRP.length()) >= 0, "in a subpackage");
  }

  @Test
  void imKnowsNoOtherModule() {
    assertThat(classesReferring("im", MSRP, SDP, RELAY, SIP, CLI)).isEmpty();
  }

  @Test
  void imPackagesFollowTheirRfcs() {
    String cpim = IM + "cpim/";
    String imdn = IM + "imdn/";
    String isComposing = IM + "iscomposing/";
    Map<String, Set<String>> im = MODULES.get("im");
    assertThat(referring(im, c -> c.indexOf('/', IM.length()) < 0, cpim, imdn, isComposing))
        .as("org.parley.im uses none of its subpackages")
        .isEmpty();
    assertThat(referring(im, c -> c.startsWith(cpim), imdn, isComposing)).as("cpim").isEmpty();
    assertThat(referring(im, c -> c.startsWith(isComposing), cpim, imdn))
        .as("iscomposing")
        .isEmpty();
    assertThat(referring(im, c -> c.startsWith(imdn), isComposing)).as("imdn").isEmpty();
  }

  @Test
  void relayUsesMsrpCoreOnly() {
    assertThat(classesReferring("relay", SDP, IM, SIP, CLI)).isEmpty();
  }

  @Test
  void sipKnowsNoRelayNorCli() {
    assertThat(classesReferring("sip", RELAY, CLI)).isEmpty();
  }

  /** The classes of {@code module} that refer to a class under one of {@code prefixes}. */
  private static Set<String> classesReferring(String module, String... prefixes) {
    return referring(MODULES.get(module), c -> true, prefixes);
  }

  private static Set<String> referring(
      Map<String, Set<String>> classes, Predicate<String> which, String... prefixes) {
    Set<String> found = new TreeSet<>();
    classes.forEach(
        (name, refs) -> {
          if (which.test(name)) {
            for (String ref : refs) {
              for (String prefix : prefixes) {
                if (ref.startsWith(prefix)) {
                  found.add(name + " -> " + ref);
                }
              }
            }
          }
        });
    return found;
  }

  private static void read(String module, Class<?> known) throws IOException, URISyntaxException {
    CodeSource source = known.getProtectionDomain().getCodeSource();
    assertThat(source).as("where %s was loaded from", known).isNotNull();
    Path where = Path.of(source.getLocation().toURI());
    Map<String, Set<String>> classes = new TreeMap<>();
    if (Files.isDirectory(where)) {
      try (Stream<Path> files = Files.walk(where)) {
        for (Path f : (Iterable<Path>) files.filter(ArchitectureTest::isClassFile)::iterator) {
          String name = where.relativize(f).toString().replace('\\', '/');
          classes.put(
              name.substring(0, name.length() - 6), ClassReferences.of(Files.readAllBytes(f)));
        }
      }
    } else {
      try (JarFile jar = new JarFile(where.toFile())) {
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
          JarEntry entry = e.nextElement();
          if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
            try (InputStream in = jar.getInputStream(entry)) {
              String name = entry.getName();
              classes.put(
                  name.substring(0, name.length() - 6), ClassReferences.of(in.readAllBytes()));
            }
          }
        }
      }
    }
    MODULES.put(module, classes);
  }

  private static boolean isClassFile(Path p) {
    return p.toString().endsWith(".class") && Files.isRegularFile(p);
  }
}
