/**
 * Side-by-side speed ({@code microembed bench --compare}): microembed against the Hugging Face tokenizer, Lucene's
 * analyzer and a UTF-8 encode on the same texts in one process, so the figures are ratios that do not depend on
 * the machine. Usage: docs/speed.md.
 */
package dev.microembed.speed;
