package dev.rashomon.io;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a sparse text format: its label and the features present on it, as names and
 * values in the order written.
 *
 * <ul>
 *   <li>LibSVM: {@code label index:value index:value …}; a feature is named by its index as
 *       written (1-based in the usual files); text after '#' is a comment.</li>
 *   <li>Vowpal Wabbit: {@code label [importance] [tag]|namespace name[:value] …|…}; a feature in a
 *       named namespace is named {@code namespace^name} (VW's own audit naming), in the default
 *       namespace just {@code name}; its value is the number after ':' (default 1).</li>
 * </ul>
 * A feature absent from a line has no value there (it is missing, in MI its own category).
 */
public record SparseLine(String label, List<String> names, List<String> values) {

    /** Parses a LibSVM line; null for a blank or comment line. Throws IllegalArgumentException. */
    public static SparseLine libsvm(String line) {
        int hash = line.indexOf('#');
        String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
        if (text.isEmpty()) {
            return null;
        }
        String[] tokens = text.split("\\s+");
        List<String> names = new ArrayList<>(tokens.length - 1);
        List<String> values = new ArrayList<>(tokens.length - 1);
        for (int i = 1; i < tokens.length; i++) {
            int colon = tokens[i].indexOf(':');
            if (colon <= 0 || colon == tokens[i].length() - 1) {
                throw new IllegalArgumentException("token '" + tokens[i] + "' is not index:value");
            }
            names.add(tokens[i].substring(0, colon));
            values.add(number(tokens[i].substring(colon + 1), tokens[i]));
        }
        return new SparseLine(tokens[0], names, values);
    }

    /** Parses a Vowpal Wabbit text line; null for a blank line. Throws IllegalArgumentException. */
    public static SparseLine vowpalWabbit(String line) {
        if (line.isBlank()) {
            return null;
        }
        String[] parts = line.split("\\|", -1);
        String[] head = parts[0].trim().split("\\s+");
        if (parts.length < 2 || head[0].isEmpty()) {
            throw new IllegalArgumentException("expected 'label |namespace features…'");
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int p = 1; p < parts.length; p++) {
            String part = parts[p];
            String[] tokens = part.trim().split("\\s+");
            int first = 0;
            String namespace = "";
            if (!part.isEmpty() && !Character.isWhitespace(part.charAt(0))) {
                namespace = tokens[0];
                int colon = namespace.indexOf(':');
                if (colon >= 0) {
                    namespace = namespace.substring(0, colon);
                }
                first = 1;
            }
            for (int t = first; t < tokens.length; t++) {
                if (tokens[t].isEmpty()) {
                    continue;
                }
                int colon = tokens[t].lastIndexOf(':');
                String name = colon > 0 ? tokens[t].substring(0, colon) : tokens[t];
                String value = colon > 0 ? number(tokens[t].substring(colon + 1), tokens[t]) : "1";
                names.add(namespace.isEmpty() ? name : namespace + "^" + name);
                values.add(value);
            }
        }
        return new SparseLine(head[0], names, values);
    }

    private static String number(String text, String token) {
        try {
            Double.parseDouble(text);
            return text;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("token '" + token + "' has a value that is not a number");
        }
    }
}
