package dev.microembed.data;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Pairs from gettext catalogs: msgid (English) → msgstr. Dropped: the header (empty msgid), empty translations
 * (fuzzy entries are not in a .mo unless built with --use-fuzzy), untranslated ones (msgstr equal to msgid), strings with
 * printf/format placeholders ({@code %s %d %1$s %(name)s {0} ${x} $HOME @VAR@}), markup ({@code <b>}, {@code &amp;}),
 * identifiers, keys and paths ({@code gtk-ok}, {@code translator-credits}, {@code America/Boa_Vista}, two or more
 * underscores), command-line options
 * ({@code -R}, {@code --help}), fewer than 2 or more
 * than 200 characters, no letter. A context prefix ({@code ctx\u0004}) is removed and only the first plural form kept;
 * keyboard mnemonics are removed ({@code _File}, {@code &Open}, {@code ファイル(_F)}).
 */
public final class GettextReader {
    private GettextReader() {}

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "%(\\d+\\$)?[-+ #0']*(\\d+|\\*)?(\\.(\\d+|\\*))?(hh|h|ll|l|L|q|j|z|t|I64|I32|I)?[diouxXeEfFgGaAcspnSCm%]"
                    + "|%\\([^)]*\\)|%\\d|%[A-Za-z_]+%|\\{[^}]*\\}|\\$\\{|\\$[A-Za-z_\\d]|@[A-Za-z_]+@");
    private static final Pattern MARKUP = Pattern.compile("<[^>]*>|&[a-zA-Z]+;|&#\\d+;");
    private static final Pattern OPTION = Pattern.compile("(^|\\s)--?[A-Za-z]");
    private static final Pattern PATH = Pattern.compile("^[\\p{L}][\\w-]*(/[\\w-]+)+$");
    private static final Pattern KEY = Pattern.compile("^[a-z0-9]+([._-][a-z0-9]+)+$");
    private static final Pattern PAREN_MNEMONIC = Pattern.compile("\\s*[(（][_&][\\p{L}\\p{N}][)）]");
    private static final Pattern MNEMONIC = Pattern.compile("[_&](?=[\\p{L}\\p{N}])");

    /** The pair of one catalog message, or null when it is dropped. */
    public static Pair pair(String lang, String msgid, String msgstr) {
        if (msgid.isEmpty() || msgstr.isEmpty()) return null;
        int ctx = msgid.indexOf('\u0004');
        if (ctx >= 0) msgid = msgid.substring(ctx + 1);
        int z = msgid.indexOf('\0');
        if (z >= 0) msgid = msgid.substring(0, z);
        z = msgstr.indexOf('\0');
        if (z >= 0) msgstr = msgstr.substring(0, z);
        if (msgstr.isEmpty() || msgid.equals(msgstr)) return null;
        if (msgid.contains("translator") || (msgid.indexOf(' ') < 0 && (KEY.matcher(msgid).matches() || PATH.matcher(msgid).matches()))) return null;
        String e = text(msgid), f = text(msgstr);
        if (e == null || f == null || e.equals(f)) return null;
        return new Pair(lang, f, e);
    }

    private static String text(String s) {
        boolean special = false, markup = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '{' || c == '$' || c == '@') special = true;
            else if (c == '<' || c == '&') markup = true;
        }
        if (special && PLACEHOLDER.matcher(s).find()) return null;
        if (markup && MARKUP.matcher(s).find()) return null;
        if (s.indexOf('_') != s.lastIndexOf('_')) return null;
        if (s.indexOf('-') >= 0 && OPTION.matcher(s).find()) return null;
        if (s.indexOf('_') >= 0 || s.indexOf('&') >= 0) {
            s = PAREN_MNEMONIC.matcher(s).replaceAll("");
            s = MNEMONIC.matcher(s).replaceAll("").replace("&&", "&");
        }
        s = Text.clean(s);
        if (s.length() < 2 || s.length() > 200 || !Text.hasLetter(s)) return null;
        return s;
    }

    /** All pairs of one catalog, in catalog order. */
    public static List<Pair> pairs(String lang, List<MoReader.Message> messages) {
        List<Pair> out = new ArrayList<>();
        for (MoReader.Message m : messages) {
            Pair p = pair(lang, m.msgid(), m.msgstr());
            if (p != null) out.add(p);
        }
        return out;
    }
}
