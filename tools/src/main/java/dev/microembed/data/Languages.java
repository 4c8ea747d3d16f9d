package dev.microembed.data;

import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Set;

/**
 * Locale and language codes of the sources (gettext {@code pt_BR}, {@code sr@latin}; CLDR {@code zh-Hant}; Debian
 * {@code zh_CN}; FreeDict {@code deu}) mapped to the ISO 639-3 codes of the Tatoeba files in
 * {@code ../shared/data/parallel/tatoeba}. Region subtags are dropped ({@code pt_BR} and {@code pt} are both {@code por});
 * script subtags and {@code @} modifiers are variants that are dropped (return {@code null}), except Chinese
 * {@code Hans}/{@code Hant} (both {@code cmn}, like {@code zh_CN} and {@code zh_TW}) and a script that is the language's
 * default ({@code sr_Cyrl}). Two-letter codes go through {@link Locale#getISO3Language()}, then a small table maps
 * macro-language codes to the individual language Tatoeba uses ({@code zho→cmn}, {@code fas→pes}, {@code msa→zsm},
 * {@code lav→lvs}, {@code swa→swh}, {@code nor→nob}, {@code fil→tgl}, {@code kmr→kur}).
 */
public final class Languages {
    private Languages() {}

    private static final Map<String, String> OVERRIDES = Map.ofEntries(
            Map.entry("zho", "cmn"), Map.entry("chi", "cmn"), Map.entry("fas", "pes"), Map.entry("per", "pes"),
            Map.entry("msa", "zsm"), Map.entry("may", "zsm"), Map.entry("lav", "lvs"), Map.entry("swa", "swh"),
            Map.entry("nor", "nob"), Map.entry("fil", "tgl"), Map.entry("kmr", "kur"), Map.entry("est", "est"),
            Map.entry("ger", "deu"), Map.entry("fre", "fra"), Map.entry("dut", "nld"), Map.entry("gre", "ell"),
            Map.entry("cze", "ces"), Map.entry("slo", "slk"), Map.entry("rum", "ron"), Map.entry("alb", "sqi"),
            Map.entry("arm", "hye"), Map.entry("geo", "kat"), Map.entry("ice", "isl"), Map.entry("mac", "mkd"),
            Map.entry("wel", "cym"), Map.entry("baq", "eus"), Map.entry("bur", "mya"), Map.entry("tib", "bod"));
    private static final Map<String, String> DEFAULT_SCRIPT = Map.of("sr", "cyrl", "srp", "cyrl");
    private static final Set<String> NOT_LANGUAGES = Set.of("und", "mul", "zxx", "mis", "c", "posix");

    /** The ISO 639-3 code of a locale or language code, or {@code null} when it is a variant or unknown. */
    public static String iso3(String code) {
        if (code == null) return null;
        String s = code.trim().replace('-', '_');
        if (s.isEmpty() || s.contains("@") || s.contains(".")) return null;
        String[] parts = s.split("_");
        String lang = parts[0].toLowerCase(Locale.ROOT);
        if (!lang.matches("[a-z]{2,3}") || NOT_LANGUAGES.contains(lang)) return null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].toLowerCase(Locale.ROOT);
            if (p.matches("[a-z]{4}")) { // script
                boolean chinese = lang.equals("zh") || lang.equals("zho") || lang.equals("cmn");
                if (chinese && (p.equals("hans") || p.equals("hant"))) continue;
                if (p.equals(DEFAULT_SCRIPT.get(lang))) continue;
                return null;
            }
            if (p.matches("[a-z]{2}|\\d{3}")) continue; // region
            return null; // variant (valencia, ...)
        }
        String iso;
        if (lang.length() == 2) {
            try {
                iso = Locale.of(lang).getISO3Language();
            } catch (MissingResourceException e) {
                return null;
            }
            if (iso == null || iso.length() != 3) return null;
        } else {
            iso = lang;
        }
        return OVERRIDES.getOrDefault(iso, iso);
    }

    public static boolean english(String iso3) {
        return "eng".equals(iso3);
    }
}
