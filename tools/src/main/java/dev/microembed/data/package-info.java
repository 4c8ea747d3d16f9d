/**
 * Training data beyond {@code ../shared/data} (issue 10): readers for the files {@code scripts/install-training-data.sh}
 * installs from the package registries — FreeDict dictd dictionaries ({@link dev.microembed.data.FreeDictReader} over
 * {@link dev.microembed.data.DictdReader}), Debian's translated package descriptions
 * ({@link dev.microembed.data.DebianDescriptions}), gettext catalogs ({@link dev.microembed.data.MoReader},
 * {@link dev.microembed.data.GettextReader}), CLDR emoji annotations ({@link dev.microembed.data.CldrAnnotations}) and
 * Debian-packaged English prose ({@link dev.microembed.data.EnglishProse}) — and the pipeline stage
 * {@link dev.microembed.data.ParallelDataStage} that turns them into aligned-pair files, an English corpus and a report.
 * Languages are ISO 639-3 as in the Tatoeba files ({@link dev.microembed.data.Languages}); one held-out rule for every
 * source ({@link dev.microembed.data.HeldOutSplit}). See {@code docs/training-data.md}.
 */
package dev.microembed.data;
