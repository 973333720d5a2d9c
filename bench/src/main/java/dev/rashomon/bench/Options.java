package dev.rashomon.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --key value} and {@code --flag} options of a benchmark; unknown keys are refused. */
public final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Options() {
    }

    public static Options parse(List<String> args, Set<String> keys, Set<String> flags) {
        Options options = new Options();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String key = arg.startsWith("--") ? arg.substring(2) : arg;
            if (flags.contains(key)) {
                options.values.put(key, "true");
            } else if (keys.contains(key) && i + 1 < args.size()) {
                options.values.put(key, args.get(++i));
            } else {
                throw new IllegalArgumentException("unknown or incomplete option '" + arg + "'; options: --"
                        + String.join(" --", keys) + " --" + String.join(" --", flags));
            }
        }
        return options;
    }

    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public long longValue(String key, long fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        try {
            return Long.parseLong(values.get(key).replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer, not '" + values.get(key) + "'");
        }
    }

    public boolean flag(String key) {
        return values.containsKey(key);
    }
}
