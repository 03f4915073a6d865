package io.github.resourcemanager.internal.monitor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kernel text file (such as {@code /proc/meminfo}) kept open and re-read into reused buffers, with a
 * cursor to parse its bytes without creating objects.
 *
 * <p>Why this works: procfs files are generated when read at offset 0, so a positional read from offset 0
 * on a channel opened once returns fresh values every time (checked by the tests on a real kernel); it
 * saves the open and close system calls of reading the file by name. A read that fills the buffer means
 * the file may have more; the buffer then grows (once, doubling) and the file is read again from offset 0,
 * so the parsed text is always one consistent snapshot as far as the kernel offers one.
 *
 * <p>A file channel is closed by the JDK when the reading thread is interrupted; the file is then reopened
 * on the next read, so an interrupted tick does not disable the source for good.
 *
 * <p>Numbers are ASCII decimal. The parse methods throw {@link IOException} naming the file and the offset
 * when the text does not have the expected shape. Not thread-safe.
 */
final class ProcFile implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProcFile.class);

  /** How much of the file a tick needs. */
  enum Extent {
    /**
     * The whole file, returned by the kernel in a single read when the buffer is large enough
     * ({@code single_open} seq files, sysctl files, regular files): a short read is the end of the file.
     */
    WHOLE_SINGLE_READ,
    /**
     * The whole file, which the kernel may hand out in page-sized pieces (seq files with one record per
     * line, such as {@code /proc/net/dev}): read until end of file.
     */
    WHOLE_MULTI_READ,
    /** Only the first line (the {@code cpu} line of {@code /proc/stat}); the rest is never copied. */
    FIRST_LINE
  }

  private final Path path;
  private final String displayName;
  private final Extent extent;
  private FileChannel channel;
  private ByteBuffer buffer;
  private byte[] bytes;
  private int length;
  private int pos;
  private boolean closed;

  /**
   * Opens {@code path} and reads it once to size the buffers.
   *
   * @throws IOException if the file cannot be opened or read
   */
  ProcFile(Path path, Extent extent, int initialCapacity) throws IOException {
    this.path = path;
    this.displayName = path.toString();
    this.extent = extent;
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    allocate(Math.max(64, initialCapacity));
    try {
      read();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private void allocate(int capacity) {
    buffer = ByteBuffer.allocateDirect(capacity);
    bytes = new byte[capacity];
  }

  /** The file's path, for messages. */
  Path path() {
    return path;
  }

  /** Re-reads the file from offset 0 and puts the cursor at its start. */
  void read() throws IOException {
    FileChannel ch = channel();
    while (true) {
      buffer.clear();
      int total = 0;
      while (true) {
        int n = ch.read(buffer, total);
        if (n < 0) {
          break;
        }
        total += n;
        if (!buffer.hasRemaining() || extent != Extent.WHOLE_MULTI_READ) {
          break;
        }
        if (n == 0) {
          break; // cannot happen for files with room left in the buffer; guards against a spin
        }
      }
      if (total < buffer.capacity() || (extent == Extent.FIRST_LINE && hasNewline(total))) {
        buffer.get(0, bytes, 0, total);
        length = total;
        pos = 0;
        return;
      }
      grow();
    }
  }

  private boolean hasNewline(int total) {
    for (int i = 0; i < total; i++) {
      if (buffer.get(i) == '\n') {
        return true;
      }
    }
    return false;
  }

  private void grow() throws IOException {
    int capacity = buffer.capacity();
    if (capacity >= (1 << 26)) {
      throw new IOException(displayName + " is larger than " + capacity + " bytes; refusing to buffer it");
    }
    LOG.debug("{} does not fit in {} bytes; growing the buffer to {}", displayName, capacity, capacity * 2);
    allocate(capacity * 2);
  }

  private FileChannel channel() throws IOException {
    if (!channel.isOpen()) {
      if (closed) {
        throw new IOException(displayName + " is closed");
      }
      // closed by the JDK because a previous reading thread was interrupted
      LOG.debug("reopening {} after its channel was closed by an interrupt", displayName);
      channel = FileChannel.open(path, StandardOpenOption.READ);
    }
    return channel;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    channel.close();
  }

  // ---------------------------------------------------------------- cursor

  /** Bytes read by the last {@link #read}. */
  int length() {
    return length;
  }

  /** The byte at {@code index} of the last read. */
  byte byteAt(int index) {
    return bytes[index];
  }

  /** The cursor: an offset into the last read. */
  int position() {
    return pos;
  }

  /** Moves the cursor. */
  void position(int newPosition) {
    pos = newPosition;
  }

  /** Whether the cursor is at the end of the text. */
  boolean atEnd() {
    return pos >= length;
  }

  /** The offset of the last occurrence of {@code b}, or -1. */
  int lastIndexOf(byte b) {
    for (int i = length - 1; i >= 0; i--) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** The offset of the next {@code b} at or after the cursor on the current line, or -1. */
  int indexOnLine(byte b) {
    for (int i = pos; i < length && bytes[i] != '\n'; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** Moves the cursor past the next line feed (or to the end). */
  void skipLine() {
    while (pos < length && bytes[pos++] != '\n') {
      // advance
    }
  }

  /** Moves the cursor past spaces and tabs (not line feeds). */
  void skipBlanks() {
    while (pos < length && (bytes[pos] == ' ' || bytes[pos] == '\t')) {
      pos++;
    }
  }

  /** Skips blanks, then one token of non-blank, non-line-feed bytes. */
  void skipToken() throws IOException {
    skipBlanks();
    int start = pos;
    while (pos < length && !isSeparator(bytes[pos])) {
      pos++;
    }
    if (pos == start) {
      throw malformed("a field");
    }
  }

  /** Skips {@code count} tokens. */
  void skipTokens(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      skipToken();
    }
  }

  /**
   * Whether the line at the cursor starts with {@code key}; if so the cursor moves past it, else it stays.
   */
  boolean consume(byte[] key) {
    if (pos + key.length > length) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (bytes[pos + i] != key[i]) {
        return false;
      }
    }
    pos += key.length;
    return true;
  }

  /** Whether the bytes from {@code start} (inclusive) to {@code end} (exclusive) equal {@code name}. */
  boolean regionEquals(int start, int end, byte[] name) {
    if (end - start != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (bytes[start + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  /** Skips blanks and reads a decimal integer, optionally negative. */
  long nextLong() throws IOException {
    skipBlanks();
    boolean negative = false;
    if (pos < length && bytes[pos] == '-') {
      negative = true;
      pos++;
    }
    int start = pos;
    long value = 0;
    while (pos < length) {
      int digit = bytes[pos] - '0';
      if (digit < 0 || digit > 9) {
        break;
      }
      value = value * 10 + digit;
      pos++;
    }
    if (pos == start) {
      throw malformed("a number");
    }
    return negative ? -value : value;
  }

  /**
   * Skips blanks and reads a non-negative decimal such as {@code 0.11}. The result is the digits as an
   * integer divided by a power of ten, which is the correctly rounded double for up to 15 digits, the same
   * as {@link Double#parseDouble}.
   */
  double nextDecimal() throws IOException {
    skipBlanks();
    int start = pos;
    long mantissa = 0;
    long scale = 1;
    boolean fraction = false;
    while (pos < length) {
      byte b = bytes[pos];
      if (b == '.' && !fraction) {
        fraction = true;
      } else if (b >= '0' && b <= '9') {
        mantissa = mantissa * 10 + (b - '0');
        if (fraction) {
          scale *= 10;
        }
      } else {
        break;
      }
      pos++;
    }
    if (pos == start) {
      throw malformed("a decimal number");
    }
    return (double) mantissa / (double) scale;
  }

  /** Expects {@code b} at the cursor and moves past it. */
  void expect(byte b) throws IOException {
    if (pos >= length || bytes[pos] != b) {
      throw malformed("'" + (char) b + "'");
    }
    pos++;
  }

  /** An exception saying what was expected at the cursor. Allocates; only for malformed input. */
  IOException malformed(String expected) {
    int end = pos;
    while (end < length && bytes[end] != '\n' && end - pos < 60) {
      end++;
    }
    String near = new String(bytes, pos, Math.max(0, end - pos), StandardCharsets.US_ASCII);
    return new IOException("unexpected content in " + displayName + " at byte " + pos + ": expected " + expected
        + " near \"" + near + "\"");
  }

  private static boolean isSeparator(byte b) {
    return b == ' ' || b == '\t' || b == '\n';
  }

  /** The ASCII bytes of {@code s}, for keys compared with {@link #consume}. */
  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
