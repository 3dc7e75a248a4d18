package org.parley.cli;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a class file refers to, read from its constant pool (JVMS §4.4): the names of its
 * {@code CONSTANT_Class} entries, and every class named in a descriptor or signature among its
 * {@code CONSTANT_Utf8} entries (fields, methods, generic signatures, annotations), except the
 * values of string literals. Names are internal ({@code javax/sip/Dialog}); array classes give
 * their element class.
 */
final class ClassReferences {
  private static final Pattern IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

  private ClassReferences() {}

  /** The class names {@code classFile} refers to, its own included. */
  static Set<String> of(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor_version
    in.readUnsignedShort(); // major_version
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classNames = new ArrayList<>();
    Set<Integer> literals = new HashSet<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF(); // Utf8: u2 length then modified UTF-8, as readUTF reads
        case 7 -> classNames.add(in.readUnsignedShort()); // Class
        case 8 -> literals.add(in.readUnsignedShort()); // String
        case 16, 19, 20 -> in.readUnsignedShort(); // MethodType, Module, Package
        case 15 -> in.skipNBytes(3); // MethodHandle
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // Integer, Float, refs, NameAndType,
        // Dynamic, InvokeDynamic
        case 5, 6 -> { // Long, Double: eight bytes and two entries
          in.skipNBytes(8);
          i++;
        }
        default -> throw new IOException("constant pool tag " + tag + " at entry " + i);
      }
    }
    Set<String> names = new TreeSet<>();
    for (int index : classNames) {
      String name = utf8[index];
      if (name.startsWith("[")) {
        addFromDescriptor(name, names);
      } else {
        names.add(name);
      }
    }
    for (int i = 1; i < count; i++) {
      if (utf8[i] != null && !literals.contains(i)) {
        addFromDescriptor(utf8[i], names);
      }
    }
    return names;
  }

  private static void addFromDescriptor(String text, Set<String> names) {
    Matcher m = IN_DESCRIPTOR.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
  }
}
