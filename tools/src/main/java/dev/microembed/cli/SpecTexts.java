package dev.microembed.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts of the shared test vectors: real tweets in eight languages (validation splits only) plus
 * hand-picked edge cases — every major script, emoji sequences, empty and blank input, lone surrogates,
 * control and format characters, over-long words, and a text far beyond the 512-token cap.
 */
public final class SpecTexts {
    static final String[] TWEET_LANGUAGES = {"arabic", "english", "french", "german", "hindi", "italian", "portuguese", "spanish"};
    static final int TWEETS_PER_LANGUAGE = 15;

    private SpecTexts() {}

    /** {@code ../shared/data} next to the checkout (system property microembed.home), else relative to the working directory. */
    static Path defaultShared() {
        String prop = System.getProperty("microembed.shared");
        if (prop != null) return Path.of(prop, "data");
        String home = System.getProperty("microembed.home");
        return (home != null ? Path.of(home) : Path.of("")).toAbsolutePath().resolve("../shared/data").normalize();
    }

    public static List<String> build(Path shared) {
        List<String> texts = new ArrayList<>();
        for (String lang : TWEET_LANGUAGES) texts.addAll(head(shared.resolve("tweets/xlm-t/" + lang + "/val_text.txt"), TWEETS_PER_LANGUAGE));
        texts.addAll(head(shared.resolve("tweets/tweeteval/emoji/val_text.txt"), 8));
        texts.addAll(head(shared.resolve("tweets/tweeteval/emotion/val_text.txt"), 4));
        texts.addAll(head(shared.resolve("tweets/tweeteval/irony/val_text.txt"), 4));
        texts.addAll(edgeCases());
        return texts;
    }

    private static List<String> head(Path file, int n) {
        List<String> lines = Main.readLines(file);
        return new ArrayList<>(lines.subList(0, Math.min(n, lines.size())));
    }

    static List<String> edgeCases() {
        List<String> t = new ArrayList<>(List.of(
                "", " ", "   \t  \n ", "\n", "a", "A", "hello world", "Hello, World!", "HELLO hello Hello hElLo",
                "The quick brown fox jumps over the lazy dog.",
                "I love this 😍😍😍", "👍🏽 great job 👏", "👨‍👩‍👧‍👦 family", "🇫🇷🇩🇪🇯🇵 flags", "❤️ vs ❤ vs ♥", "🙂🙃😂🤣🥲", "#blessed #MondayMotivation @user lol",
                "omg lol smh tbh idk 😂", "https://t.co/abc123 check this out", "@user @user_2 thanks!!!",
                "我爱北京天安门", "東京は日本の首都です。", "こんにちは、世界！カタカナ", "안녕하세요 세계", "漢字かなカナ한글混合",
                "Привет, как дела?", "Γειά σου Κόσμε", "שלום עולם", "مرحبا بالعالم، كيف حالك؟", "مُحَمَّد",
                "नमस्ते दुनिया", "আমি তোমাকে ভালোবাসি", "வணக்கம் உலகம்", "สวัสดีชาวโลก", "ສະບາຍດີ", "ሰላም ልዑል", "გამარჯობა", "Բարեւ աշխարհ",
                "ᠮᠣᠩᠭᠣᠯ", "ខ្ញុំស្រឡាញ់អ្នក", "Xin chào thế giới", "İstanbul ıı İİ", "Straße STRASSE", "Café crème brûlée", "naïve façade coöperate",
                "e\u0301 vs é", "ﬁ ﬂ ligatures", "ＡＢＣ ｆｕｌｌｗｉｄｔｈ １２３", "𝐀𝐁𝐂 𝓂𝒶𝓉𝒽", "½ ² ③ Ⅻ", "3.14159, $100!!! 50% off...",
                "don't won't it's y'all", "e-mail co-operate well-known", "(parens) [brackets] {braces} <angle>", "¿Qué? ¡Sí!", "«quotes» „German“ ‘single’",
                "a\u0000b\u0001c\u0007d", "tab\there", "zero\u200bwidth\u200djoiner", "\uFEFFbom at start", "non\u00a0breaking\u2003spaces", "soft\u00adhyphen",
                "\uD800 lone high", "lone low \uDC00", "\uDFFF\uD800 reversed pair", "end with high \uD83D", "\uE000 private use \uF8FF", "noncharacter \uFFFF \uFFFE",
                "\u202Eright-to-left override", "\u0085next line \u2028line sep \u2029para",
                "supercalifragilisticexpialidocious", "x".repeat(99), "y".repeat(100), "z".repeat(101), "ab".repeat(150),
                "1234567890 0987654321", "aaaaaaaaaa bbbbbbbbbb cccccccccc", "....!!!!????", "#", "@", "😀"));
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 300; i++) longText.append("word").append(i % 17).append(" and ");
        t.add(longText.toString()); // far more than 512 tokens: exercises the cap
        StringBuilder mixed = new StringBuilder();
        for (int i = 0; i < 120; i++) mixed.append("日本語 emoji 😀 ").append(i).append(' ');
        t.add(mixed.toString());
        return t;
    }
}
