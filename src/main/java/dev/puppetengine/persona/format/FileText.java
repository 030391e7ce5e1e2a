package dev.puppetengine.persona.format;

import dev.puppetengine.persona.PersonaProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The text of a persona file, or the one-line reason it cannot be read: a symbolic link loop, a dangling link, a
 * directory or other non-file, a file over {@value #MAX_BYTES} bytes, no permission, or bytes that are not UTF-8
 * (with the offset of the first bad byte). Symbolic links to files are followed.
 */
sealed interface FileText {

    /** The largest persona file read: 10 MiB, far beyond any real persona. */
    long MAX_BYTES = 10L * 1024 * 1024;

    /** Symbolic links followed before a chain counts as a loop (as Linux's ELOOP). */
    int MAX_LINK_HOPS = 40;

    record Read(String content) implements FileText {}

    record Unreadable(String reason) implements FileText {}

    static FileText read(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException unreachable) {
            return new Unreadable(linkProblem(file, unreachable));
        }
        if (attributes.isDirectory()) {
            return new Unreadable("is a directory, not a file");
        }
        if (!attributes.isRegularFile()) {
            return new Unreadable("is not a regular file (a device, pipe or socket)");
        }
        if (attributes.size() > MAX_BYTES) {
            return tooLarge(attributes.size());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        } catch (IOException unreadable) {
            return new Unreadable("cannot read: " + reasonOf(unreadable));
        }
        if (bytes.length > MAX_BYTES) {
            return tooLarge(bytes.length);
        }
        return decode(bytes);
    }

    private static Unreadable tooLarge(long size) {
        return new Unreadable("is " + size + " bytes, more than the " + MAX_BYTES + " a persona file may have");
    }

    /** Strict UTF-8: the first malformed or truncated sequence is reported with its byte offset. */
    static FileText decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            boolean utf16 = bytes.length >= 2
                    && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                            || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF));
            return new Unreadable("invalid UTF-8 at byte offset " + in.position()
                    + (utf16 ? " (the file is UTF-16: save it as UTF-8)" : ""));
        }
        return new Read(out.flip().toString());
    }

    /** Why a path that cannot be followed fails: a link loop, a dangling link, or the system's reason. */
    private static String linkProblem(Path file, IOException failure) {
        if (Files.isSymbolicLink(file)) {
            Set<Path> seen = new HashSet<>();
            Path current = file;
            for (int hop = 0; hop < MAX_LINK_HOPS && Files.isSymbolicLink(current); hop++) {
                if (!seen.add(current.toAbsolutePath().normalize())) {
                    return "symbolic link loop";
                }
                Path target = linkTarget(current);
                if (target == null) {
                    return "cannot read: " + reasonOf(failure);
                }
                current = current.resolveSibling(target);
            }
            if (Files.isSymbolicLink(current)) {
                return "symbolic link loop";
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Path first = linkTarget(file);
                return "dangling symbolic link to "
                        + PersonaProblem.cut(first == null ? current.toString() : first.toString(), 200);
            }
        }
        return "cannot read: " + reasonOf(failure);
    }

    private static @Nullable Path linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link);
        } catch (IOException | UnsupportedOperationException unreadable) {
            return null;
        }
    }

    /** The system's reason without the path, which the problem names already. */
    private static String reasonOf(IOException failure) {
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof NoSuchFileException) {
            return "no such file";
        }
        if (failure instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return failure.getClass().getSimpleName();
    }
}
