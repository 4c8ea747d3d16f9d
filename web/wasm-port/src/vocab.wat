;; Loading tokenizer.json's WordPiece vocabulary (about 120k entries, 2 MB of JSON) into open-addressing
;; hash tables. Done here rather than in JS because it runs once, cold: an engine compiles this module
;; straight to machine code, while the same loops in JS spend most of a load interpreted or deoptimising.
;; The tables are read by the JS tokenizer (src/tokenizer.js): keys as UTF-16 code units, FNV-1a hashes,
;; linear probing — the layout and hash must stay identical to IdTable there.
;; Plain WebAssembly 1.0 + bulk memory, no SIMD: it runs on every engine.
(module
  (import "env" "memory" (memory 1))
  (global $count (export "count") (mut i32) (i32.const 0))
  (global $chars_used (export "chars_used") (mut i32) (i32.const 0))
  (global $err_pos (export "err_pos") (mut i32) (i32.const 0))

  (func $is_ws (param $c i32) (result i32)
    (i32.or (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9)))
            (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13)))))

  ;; First index >= p in [p, n) that is not JSON whitespace (space, TAB, LF, CR; all <= 32, and the
  ;; only such bytes allowed between tokens, so one compare rejects the common case).
  (func $skip_ws (param $src i32) (param $p i32) (param $n i32) (result i32)
    (local $c i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $p) (local.get $n)))
        (local.set $c (i32.load8_u (i32.add (local.get $src) (local.get $p))))
        (br_if $done (i32.gt_u (local.get $c) (i32.const 32)))
        (br_if $done (i32.eqz (call $is_ws (local.get $c))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $l)))
    (local.get $p))

  (func $set_bit (param $bits i32) (param $b i32)
    (local $p i32)
    (local.set $p (i32.add (local.get $bits) (i32.shl (i32.shr_u (local.get $b) (i32.const 5)) (i32.const 2))))
    (i32.store (local.get $p) (i32.or (i32.load (local.get $p)) (i32.shl (i32.const 1) (i32.and (local.get $b) (i32.const 31))))))

  (func $hex (param $c i32) (result i32)
    (if (i32.and (i32.ge_u (local.get $c) (i32.const 48)) (i32.le_u (local.get $c) (i32.const 57)))
      (then (return (i32.sub (local.get $c) (i32.const 48)))))
    (local.set $c (i32.or (local.get $c) (i32.const 32)))
    (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 102)))
      (then (return (i32.sub (local.get $c) (i32.const 87)))))
    (i32.const -1))

  ;; Parses the JSON object {"key": id, …} at src[pos] (src holds n bytes of UTF-8). Keys are validated
  ;; (strict UTF-8, no raw controls, JSON escapes) and decoded to UTF-16 into chars; entry e gets
  ;; starts[e] (index into chars), lens[e] (code units) and ids[e] (0..2^31-1, no leading zeros).
  ;; Returns the index after the closing brace, or -1 (err_pos says where; the caller falls back to
  ;; JSON.parse, which then names the problem), or -2 (more than $cap entries).
  ;; At most $cap entries: one more returns -2 (the caller makes room and parses again).
  ;; In slices: having read $stop entries (at an entry boundary) it returns -3 with count, chars_used
  ;; and resume_pos set; a call with $resume = 1 and $pos = resume_pos continues there. Why: an engine
  ;; runs a module's first calls in baseline code and switches a function to optimised code only between
  ;; calls, so one long call would stay baseline throughout (measured: about 7 ms against 3 ms).
  (global $resume_pos (export "resume_pos") (mut i32) (i32.const 0))
  (func (export "parse") (param $src i32) (param $n i32) (param $pos i32)
        (param $chars i32) (param $starts i32) (param $lens i32) (param $ids i32) (param $cap i32)
        (param $stop i32) (param $resume i32) (result i32)
    (local $c i32) (local $e i32) (local $u i32) (local $s i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $cp i32) (local $id i64) (local $k i32) (local $d i32)
    (local.set $e (i32.const 0))
    (local.set $u (i32.const 0))
    (block $fail
      (block $resumed
      (if (local.get $resume)
        (then
          (local.set $e (global.get $count))
          (local.set $u (global.get $chars_used))
          (br $resumed)))
      (br_if $fail (i32.ge_u (local.get $pos) (local.get $n)))
      (br_if $fail (i32.ne (i32.load8_u (i32.add (local.get $src) (local.get $pos))) (i32.const 123)))
      (local.set $pos (call $skip_ws (local.get $src) (i32.add (local.get $pos) (i32.const 1)) (local.get $n)))
      (br_if $fail (i32.ge_u (local.get $pos) (local.get $n)))
      (if (i32.eq (i32.load8_u (i32.add (local.get $src) (local.get $pos))) (i32.const 125))
        (then
          (global.set $count (i32.const 0)) (global.set $chars_used (i32.const 0))
          (return (i32.add (local.get $pos) (i32.const 1))))))
      (loop $entry
        (if (i32.ge_u (local.get $e) (local.get $cap)) (then (return (i32.const -2))))
        (if (i32.ge_u (local.get $e) (local.get $stop))
          (then
            (global.set $count (local.get $e))
            (global.set $chars_used (local.get $u))
            (global.set $resume_pos (local.get $pos))
            (return (i32.const -3))))
        ;; key
        (br_if $fail (i32.ge_u (local.get $pos) (local.get $n)))
        (br_if $fail (i32.ne (i32.load8_u (i32.add (local.get $src) (local.get $pos))) (i32.const 34)))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (local.set $s (local.get $u))
        (block $key_done
          (loop $ch
            (br_if $fail (i32.ge_u (local.get $pos) (local.get $n)))
            (local.set $c (i32.load8_u (i32.add (local.get $src) (local.get $pos))))
            (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
            (br_if $key_done (i32.eq (local.get $c) (i32.const 34)))
            (br_if $fail (i32.lt_u (local.get $c) (i32.const 32)))
            (if (i32.eq (local.get $c) (i32.const 92))
              (then ;; escape
                (br_if $fail (i32.ge_u (local.get $pos) (local.get $n)))
                (local.set $c (i32.load8_u (i32.add (local.get $src) (local.get $pos))))
                (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                (block $esc
                  (if (i32.or (i32.eq (local.get $c) (i32.const 34)) (i32.or (i32.eq (local.get $c) (i32.const 92)) (i32.eq (local.get $c) (i32.const 47))))
                    (then (local.set $cp (local.get $c)) (br $esc)))
                  (if (i32.eq (local.get $c) (i32.const 98)) (then (local.set $cp (i32.const 8)) (br $esc)))
                  (if (i32.eq (local.get $c) (i32.const 102)) (then (local.set $cp (i32.const 12)) (br $esc)))
                  (if (i32.eq (local.get $c) (i32.const 110)) (then (local.set $cp (i32.const 10)) (br $esc)))
                  (if (i32.eq (local.get $c) (i32.const 114)) (then (local.set $cp (i32.const 13)) (br $esc)))
                  (if (i32.eq (local.get $c) (i32.const 116)) (then (local.set $cp (i32.const 9)) (br $esc)))
                  (br_if $fail (i32.ne (local.get $c) (i32.const 117)))
                  (br_if $fail (i32.gt_u (i32.add (local.get $pos) (i32.const 4)) (local.get $n)))
                  (local.set $cp (i32.const 0))
                  (local.set $k (i32.const 0))
                  (loop $hexloop
                    (local.set $d (call $hex (i32.load8_u (i32.add (local.get $src) (i32.add (local.get $pos) (local.get $k))))))
                    (br_if $fail (i32.lt_s (local.get $d) (i32.const 0)))
                    (local.set $cp (i32.or (i32.shl (local.get $cp) (i32.const 4)) (local.get $d)))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br_if $hexloop (i32.lt_u (local.get $k) (i32.const 4))))
                  (local.set $pos (i32.add (local.get $pos) (i32.const 4))))
                ;; one UTF-16 code unit (a \uD83D\uDE00 pair arrives as two escapes, as in JSON)
                (i32.store16 (i32.add (local.get $chars) (i32.shl (local.get $u) (i32.const 1))) (local.get $cp))
                (local.set $u (i32.add (local.get $u) (i32.const 1)))
                (br $ch)))
            (if (i32.lt_u (local.get $c) (i32.const 0x80))
              (then (local.set $cp (local.get $c)))
              (else
                ;; strict UTF-8: no overlongs, no surrogates, nothing past U+10FFFF
                (if (i32.and (i32.ge_u (local.get $c) (i32.const 0xc2)) (i32.le_u (local.get $c) (i32.const 0xdf)))
                  (then
                    (br_if $fail (i32.ge_u (local.get $pos) (local.get $n)))
                    (local.set $b1 (i32.load8_u (i32.add (local.get $src) (local.get $pos))))
                    (br_if $fail (i32.ne (i32.and (local.get $b1) (i32.const 0xc0)) (i32.const 0x80)))
                    (local.set $cp (i32.or (i32.shl (i32.and (local.get $c) (i32.const 0x1f)) (i32.const 6)) (i32.and (local.get $b1) (i32.const 0x3f))))
                    (local.set $pos (i32.add (local.get $pos) (i32.const 1))))
                  (else
                    (if (i32.and (i32.ge_u (local.get $c) (i32.const 0xe0)) (i32.le_u (local.get $c) (i32.const 0xef)))
                      (then
                        (br_if $fail (i32.gt_u (i32.add (local.get $pos) (i32.const 2)) (local.get $n)))
                        (local.set $b1 (i32.load8_u (i32.add (local.get $src) (local.get $pos))))
                        (local.set $b2 (i32.load8_u (i32.add (local.get $src) (i32.add (local.get $pos) (i32.const 1)))))
                        (br_if $fail (i32.ne (i32.and (local.get $b1) (i32.const 0xc0)) (i32.const 0x80)))
                        (br_if $fail (i32.ne (i32.and (local.get $b2) (i32.const 0xc0)) (i32.const 0x80)))
                        (br_if $fail (i32.and (i32.eq (local.get $c) (i32.const 0xe0)) (i32.lt_u (local.get $b1) (i32.const 0xa0))))
                        (br_if $fail (i32.and (i32.eq (local.get $c) (i32.const 0xed)) (i32.gt_u (local.get $b1) (i32.const 0x9f))))
                        (local.set $cp (i32.or (i32.or
                          (i32.shl (i32.and (local.get $c) (i32.const 0x0f)) (i32.const 12))
                          (i32.shl (i32.and (local.get $b1) (i32.const 0x3f)) (i32.const 6)))
                          (i32.and (local.get $b2) (i32.const 0x3f))))
                        (local.set $pos (i32.add (local.get $pos) (i32.const 2))))
                      (else
                        (br_if $fail (i32.or (i32.lt_u (local.get $c) (i32.const 0xf0)) (i32.gt_u (local.get $c) (i32.const 0xf4))))
                        (br_if $fail (i32.gt_u (i32.add (local.get $pos) (i32.const 3)) (local.get $n)))
                        (local.set $b1 (i32.load8_u (i32.add (local.get $src) (local.get $pos))))
                        (local.set $b2 (i32.load8_u (i32.add (local.get $src) (i32.add (local.get $pos) (i32.const 1)))))
                        (local.set $b3 (i32.load8_u (i32.add (local.get $src) (i32.add (local.get $pos) (i32.const 2)))))
                        (br_if $fail (i32.ne (i32.and (local.get $b1) (i32.const 0xc0)) (i32.const 0x80)))
                        (br_if $fail (i32.ne (i32.and (local.get $b2) (i32.const 0xc0)) (i32.const 0x80)))
                        (br_if $fail (i32.ne (i32.and (local.get $b3) (i32.const 0xc0)) (i32.const 0x80)))
                        (br_if $fail (i32.and (i32.eq (local.get $c) (i32.const 0xf0)) (i32.lt_u (local.get $b1) (i32.const 0x90))))
                        (br_if $fail (i32.and (i32.eq (local.get $c) (i32.const 0xf4)) (i32.gt_u (local.get $b1) (i32.const 0x8f))))
                        (local.set $cp (i32.or (i32.or (i32.or
                          (i32.shl (i32.and (local.get $c) (i32.const 0x07)) (i32.const 18))
                          (i32.shl (i32.and (local.get $b1) (i32.const 0x3f)) (i32.const 12)))
                          (i32.shl (i32.and (local.get $b2) (i32.const 0x3f)) (i32.const 6)))
                          (i32.and (local.get $b3) (i32.const 0x3f))))
                        (local.set $pos (i32.add (local.get $pos) (i32.const 3)))))))))
            (if (i32.ge_u (local.get $cp) (i32.const 0x10000))
              (then ;; surrogate pair
                (local.set $cp (i32.sub (local.get $cp) (i32.const 0x10000)))
                (i32.store16 (i32.add (local.get $chars) (i32.shl (local.get $u) (i32.const 1)))
                  (i32.or (i32.const 0xd800) (i32.shr_u (local.get $cp) (i32.const 10))))
                (local.set $u (i32.add (local.get $u) (i32.const 1)))
                (local.set $cp (i32.or (i32.const 0xdc00) (i32.and (local.get $cp) (i32.const 0x3ff))))))
            (i32.store16 (i32.add (local.get $chars) (i32.shl (local.get $u) (i32.const 1))) (local.get $cp))
            (local.set $u (i32.add (local.get $u) (i32.const 1)))
            (br $ch)))
        (i32.store (i32.add (local.get $starts) (i32.shl (local.get $e) (i32.const 2))) (local.get $s))
        (i32.store (i32.add (local.get $lens) (i32.shl (local.get $e) (i32.const 2))) (i32.sub (local.get $u) (local.get $s)))
        ;; ':'
        (local.set $pos (call $skip_ws (local.get $src) (local.get $pos) (local.get $n)))
        (br_if $fail (i32.ge_u (local.get $pos) (local.get $n)))
        (br_if $fail (i32.ne (i32.load8_u (i32.add (local.get $src) (local.get $pos))) (i32.const 58)))
        (local.set $pos (call $skip_ws (local.get $src) (i32.add (local.get $pos) (i32.const 1)) (local.get $n)))
        ;; id: a plain non-negative integer below 2^31 (anything else: JSON.parse decides)
        (br_if $fail (i32.ge_u (local.get $pos) (local.get $n)))
        (local.set $c (i32.load8_u (i32.add (local.get $src) (local.get $pos))))
        (br_if $fail (i32.gt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)))
        (local.set $id (i64.const 0))
        (local.set $k (local.get $pos))
        (block $num_done
          (loop $num
            (br_if $num_done (i32.ge_u (local.get $pos) (local.get $n)))
            (local.set $d (i32.sub (i32.load8_u (i32.add (local.get $src) (local.get $pos))) (i32.const 48)))
            (br_if $num_done (i32.gt_u (local.get $d) (i32.const 9)))
            (local.set $id (i64.add (i64.mul (local.get $id) (i64.const 10)) (i64.extend_i32_u (local.get $d))))
            (br_if $fail (i64.gt_u (local.get $id) (i64.const 0x7fffffff)))
            (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
            (br $num)))
        (br_if $fail (i32.and (i32.eq (local.get $c) (i32.const 48)) (i32.gt_u (i32.sub (local.get $pos) (local.get $k)) (i32.const 1))))
        (i32.store (i32.add (local.get $ids) (i32.shl (local.get $e) (i32.const 2))) (i32.wrap_i64 (local.get $id)))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        ;; ',' or '}'
        (local.set $pos (call $skip_ws (local.get $src) (local.get $pos) (local.get $n)))
        (br_if $fail (i32.ge_u (local.get $pos) (local.get $n)))
        (local.set $c (i32.load8_u (i32.add (local.get $src) (local.get $pos))))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (if (i32.eq (local.get $c) (i32.const 125))
          (then
            (global.set $count (local.get $e))
            (global.set $chars_used (local.get $u))
            (return (local.get $pos))))
        (br_if $fail (i32.ne (local.get $c) (i32.const 44)))
        (local.set $pos (call $skip_ws (local.get $src) (local.get $pos) (local.get $n)))
        (br $entry)))
    (global.set $err_pos (local.get $pos))
    (i32.const -1))

  ;; Entries whose key starts with the prefix (UTF-16 at $prefix, $pl units) and whose id is live, as
  ;; (start + pl, len - pl, id) into the out arrays. Returns their number.
  (func (export "filter_prefix") (param $count i32) (param $chars i32) (param $starts i32) (param $lens i32) (param $ids i32)
        (param $prefix i32) (param $pl i32) (param $ostarts i32) (param $olens i32) (param $oids i32) (result i32)
    (local $e i32) (local $o i32) (local $s i32) (local $l i32) (local $k i32)
    (block $done
      (loop $l_entries
        (br_if $done (i32.ge_u (local.get $e) (local.get $count)))
        (block $next
          (local.set $s (i32.load (i32.add (local.get $starts) (i32.shl (local.get $e) (i32.const 2)))))
          (local.set $l (i32.load (i32.add (local.get $lens) (i32.shl (local.get $e) (i32.const 2)))))
          (br_if $next (i32.lt_s (i32.load (i32.add (local.get $ids) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 0)))
          (br_if $next (i32.lt_u (local.get $l) (local.get $pl)))
          (br_if $next (i32.eqz (local.get $pl)))
          (local.set $k (i32.const 0))
          (block $match
            (loop $cmp
              (br_if $match (i32.ge_u (local.get $k) (local.get $pl)))
              (br_if $next (i32.ne
                (i32.load16_u (i32.add (local.get $chars) (i32.shl (i32.add (local.get $s) (local.get $k)) (i32.const 1))))
                (i32.load16_u (i32.add (local.get $prefix) (i32.shl (local.get $k) (i32.const 1))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $cmp)))
          (i32.store (i32.add (local.get $ostarts) (i32.shl (local.get $o) (i32.const 2))) (i32.add (local.get $s) (local.get $pl)))
          (i32.store (i32.add (local.get $olens) (i32.shl (local.get $o) (i32.const 2))) (i32.sub (local.get $l) (local.get $pl)))
          (i32.store (i32.add (local.get $oids) (i32.shl (local.get $o) (i32.const 2)))
            (i32.load (i32.add (local.get $ids) (i32.shl (local.get $e) (i32.const 2)))))
          (local.set $o (i32.add (local.get $o) (i32.const 1))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $l_entries)))
    (local.get $o))

  ;; Inserts entries from..count-1 into slots (mask + 1 pairs of i32 (entry, full hash), all -1 on entry):
  ;; FNV-1a over the key's UTF-16 units, linear probing. A repeated key keeps its first slot and takes the later id (as
  ;; JSON.parse keeps the last value); the later entry's id becomes -1.
  ;; Also sets the key's two bits in the 2^20-bit filter at $bloom (bits h >>> 12 and (h * 0x9e3779b1) >>> 12),
  ;; which lets most failed lookups in JS stop before touching the slots.
  (func (export "insert_all") (param $from i32) (param $count i32) (param $chars i32) (param $starts i32) (param $lens i32) (param $ids i32)
        (param $slots i32) (param $mask i32) (param $bloom i32)
    (local $e i32) (local $s i32) (local $l i32) (local $h i32) (local $k i32) (local $slot i32) (local $x i32) (local $xs i32) (local $b i32)
    (local.set $e (local.get $from))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $e) (local.get $count)))
        (local.set $s (i32.load (i32.add (local.get $starts) (i32.shl (local.get $e) (i32.const 2)))))
        (local.set $l (i32.load (i32.add (local.get $lens) (i32.shl (local.get $e) (i32.const 2)))))
        (local.set $h (i32.const 0x811c9dc5))
        (local.set $k (i32.const 0))
        (block $hashed
          (loop $hash
            (br_if $hashed (i32.ge_u (local.get $k) (local.get $l)))
            (local.set $h (i32.mul (i32.xor (local.get $h)
              (i32.load16_u (i32.add (local.get $chars) (i32.shl (i32.add (local.get $s) (local.get $k)) (i32.const 1)))))
              (i32.const 0x01000193)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $hash)))
        (local.set $b (i32.shr_u (local.get $h) (i32.const 12)))
        (call $set_bit (local.get $bloom) (local.get $b))
        (local.set $b (i32.shr_u (i32.mul (local.get $h) (i32.const 0x9e3779b1)) (i32.const 12)))
        (call $set_bit (local.get $bloom) (local.get $b))
        (local.set $slot (i32.and (local.get $h) (local.get $mask)))
        (block $placed
          (loop $probe
            (local.set $x (i32.load (i32.add (local.get $slots) (i32.shl (local.get $slot) (i32.const 3)))))
            (if (i32.eq (local.get $x) (i32.const -1))
              (then
                (i32.store (i32.add (local.get $slots) (i32.shl (local.get $slot) (i32.const 3))) (local.get $e))
                (i32.store offset=4 (i32.add (local.get $slots) (i32.shl (local.get $slot) (i32.const 3))) (local.get $h))
                (br $placed)))
            ;; the stored hash first: the entry (another cache line) is read only when it may be the same key
            (if (i32.eq (i32.load offset=4 (i32.add (local.get $slots) (i32.shl (local.get $slot) (i32.const 3)))) (local.get $h))
              (then (if (i32.eq (i32.load (i32.add (local.get $lens) (i32.shl (local.get $x) (i32.const 2)))) (local.get $l))
              (then
                (local.set $xs (i32.load (i32.add (local.get $starts) (i32.shl (local.get $x) (i32.const 2)))))
                (local.set $k (i32.const 0))
                (block $differs
                  (loop $cmp
                    (if (i32.ge_u (local.get $k) (local.get $l))
                      (then ;; same key: the later id wins, the later entry dies
                        (i32.store (i32.add (local.get $ids) (i32.shl (local.get $x) (i32.const 2)))
                          (i32.load (i32.add (local.get $ids) (i32.shl (local.get $e) (i32.const 2)))))
                        (i32.store (i32.add (local.get $ids) (i32.shl (local.get $e) (i32.const 2))) (i32.const -1))
                        (br $placed)))
                    (br_if $differs (i32.ne
                      (i32.load16_u (i32.add (local.get $chars) (i32.shl (i32.add (local.get $s) (local.get $k)) (i32.const 1))))
                      (i32.load16_u (i32.add (local.get $chars) (i32.shl (i32.add (local.get $xs) (local.get $k)) (i32.const 1))))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $cmp)))))))
            (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
            (br $probe)))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $entries))))
;; Entries as (start, len, id) triples at out, the layout the JS lookups read in one cache line.
  (func (export "interleave") (param $count i32) (param $starts i32) (param $lens i32) (param $ids i32) (param $out i32)
    (local $e i32) (local $o i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $e) (local.get $count)))
        (local.set $o (i32.add (local.get $out) (i32.mul (local.get $e) (i32.const 12))))
        (i32.store offset=0 (local.get $o) (i32.load (i32.add (local.get $starts) (i32.shl (local.get $e) (i32.const 2)))))
        (i32.store offset=4 (local.get $o) (i32.load (i32.add (local.get $lens) (i32.shl (local.get $e) (i32.const 2)))))
        (i32.store offset=8 (local.get $o) (i32.load (i32.add (local.get $ids) (i32.shl (local.get $e) (i32.const 2)))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $l))))
;; The largest id of ids[0..count) (-1 if none); live gets the number of ids >= 0 (entries not repeated).
  (global $live (export "live") (mut i32) (i32.const 0))
  (func (export "id_stats") (param $count i32) (param $ids i32) (result i32)
    (local $e i32) (local $id i32) (local $max i32) (local $n i32)
    (local.set $max (i32.const -1))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $e) (local.get $count)))
        (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $e) (i32.const 2)))))
        (if (i32.ge_s (local.get $id) (i32.const 0)) (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (if (i32.gt_s (local.get $id) (local.get $max)) (then (local.set $max (local.get $id))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $l)))
    (global.set $live (local.get $n))
    (local.get $max))
;; Index of the first of count ids (stride bytes apart, from $at) outside -1..limit-1, or -1: the check
  ;; that a compiled tokenizer's tables emit no id the pooling kernel cannot read (Tokenizer.fromCompiled).
  ;; Here rather than in JS because it runs once, cold: a JS loop over 94k entries stays interpreted on a
  ;; busy machine while the optimising compiler waits for a core (2-7 ms; this is well under 1 ms).
  (func (export "first_bad_id") (param $at i32) (param $count i32) (param $stride i32) (param $limit i32) (result i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        ;; id + 1 as unsigned: -1 -> 0, every other negative id wraps past limit
        (if (i32.gt_u (i32.add (i32.load (local.get $at)) (i32.const 1)) (local.get $limit))
          (then (return (local.get $i))))
        (local.set $at (i32.add (local.get $at) (local.get $stride)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.const -1))
;; Index after the JSON value at src[pos] (shallow: strings with escapes, nesting by brackets; the full
  ;; syntax is JSON.parse's job later), or -1. Lets the JS walker step over added_tokens (most of the
  ;; non-vocabulary bytes) without a cold JS loop.
  (func (export "skip_value") (param $src i32) (param $n i32) (param $pos i32) (result i32)
    (local $c i32) (local $depth i32)
    (if (i32.ge_u (local.get $pos) (local.get $n)) (then (return (i32.const -1))))
    (local.set $c (i32.load8_u (i32.add (local.get $src) (local.get $pos))))
    (if (i32.eq (local.get $c) (i32.const 34)) (then (return (call $skip_string (local.get $src) (local.get $n) (local.get $pos)))))
    (if (i32.or (i32.eq (local.get $c) (i32.const 123)) (i32.eq (local.get $c) (i32.const 91)))
      (then
        (loop $l
          (if (i32.ge_u (local.get $pos) (local.get $n)) (then (return (i32.const -1))))
          (local.set $c (i32.load8_u (i32.add (local.get $src) (local.get $pos))))
          (if (i32.eq (local.get $c) (i32.const 34))
            (then
              (local.set $pos (call $skip_string (local.get $src) (local.get $n) (local.get $pos)))
              (if (i32.lt_s (local.get $pos) (i32.const 0)) (then (return (i32.const -1))))
              (br $l)))
          (if (i32.or (i32.eq (local.get $c) (i32.const 123)) (i32.eq (local.get $c) (i32.const 91)))
            (then (local.set $depth (i32.add (local.get $depth) (i32.const 1)))))
          (if (i32.or (i32.eq (local.get $c) (i32.const 125)) (i32.eq (local.get $c) (i32.const 93)))
            (then
              (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
              (if (i32.eqz (local.get $depth)) (then (return (i32.add (local.get $pos) (i32.const 1)))))))
          (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
          (br $l))))
    ;; a scalar: up to the next delimiter
    (block $done
      (loop $l2
        (br_if $done (i32.ge_u (local.get $pos) (local.get $n)))
        (local.set $c (i32.load8_u (i32.add (local.get $src) (local.get $pos))))
        (br_if $done (i32.or (i32.or (i32.eq (local.get $c) (i32.const 44)) (i32.eq (local.get $c) (i32.const 125)))
                             (i32.or (i32.eq (local.get $c) (i32.const 93)) (call $is_ws (local.get $c)))))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (br $l2)))
    (local.get $pos))

  ;; Index after the string starting at src[pos] == '"', or -1.
  (func $skip_string (param $src i32) (param $n i32) (param $pos i32) (result i32)
    (local $c i32)
    (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
    (loop $l
      (if (i32.ge_u (local.get $pos) (local.get $n)) (then (return (i32.const -1))))
      (local.set $c (i32.load8_u (i32.add (local.get $src) (local.get $pos))))
      (if (i32.eq (local.get $c) (i32.const 34)) (then (return (i32.add (local.get $pos) (i32.const 1)))))
      (local.set $pos (i32.add (local.get $pos) (select (i32.const 2) (i32.const 1) (i32.eq (local.get $c) (i32.const 92)))))
      (br $l))
    (i32.const -1))

  ;; The added-token trie of src/tokenizer.js (AddedTokenTrie; layout and hashes must stay identical):
  ;; $t tokens, token i = $lens[i] UTF-16 units at $chars (one after another), id $ids[i]. Writes
  ;; $root (65536 i32: code unit -> node, 0 none), sets the 2^18-bit prefix filter at $prefixes (bit
  ;; FNV(prefix) >>> 14 for prefixes of two or more units), fills the edge table $edges ((mask + 1)
  ;; triples parent, unit, child; parent 0 = empty) and $token_id (node -> id, all -1 on entry; a
  ;; repeated pattern keeps the first id). Root and filter zero on entry. Returns the node count (node 1
  ;; is the root). Here rather than in JS for the same reason as parse: it runs once, cold.
  (func (export "build_trie") (param $t i32) (param $chars i32) (param $lens i32) (param $ids i32)
        (param $root i32) (param $prefixes i32) (param $edges i32) (param $mask i32) (param $token_id i32) (result i32)
    (local $i i32) (local $k i32) (local $len i32) (local $node i32) (local $next i32) (local $ph i32)
    (local $c i32) (local $b i32) (local $slot i32) (local $h i32) (local $at i32) (local $p i32) (local $nodes i32)
    (local.set $nodes (i32.const 2))
    (block $done
      (loop $token
        (br_if $done (i32.ge_u (local.get $i) (local.get $t)))
        (local.set $len (i32.load (i32.add (local.get $lens) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $node (i32.const 1))
        (local.set $ph (i32.const 0x811c9dc5))
        (local.set $k (i32.const 0))
        (block $unit_done
          (loop $unit
            (br_if $unit_done (i32.ge_u (local.get $k) (local.get $len)))
            (local.set $c (i32.load16_u (local.get $chars)))
            (local.set $chars (i32.add (local.get $chars) (i32.const 2)))
            (local.set $ph (i32.mul (i32.xor (local.get $ph) (local.get $c)) (i32.const 0x01000193)))
            (if (i32.eq (local.get $node) (i32.const 1))
              (then
                (local.set $at (i32.add (local.get $root) (i32.shl (local.get $c) (i32.const 2))))
                (local.set $next (i32.load (local.get $at)))
                (if (i32.eqz (local.get $next))
                  (then
                    (local.set $next (local.get $nodes))
                    (local.set $nodes (i32.add (local.get $nodes) (i32.const 1)))
                    (i32.store (local.get $at) (local.get $next)))))
              (else
                (local.set $b (i32.shr_u (local.get $ph) (i32.const 14)))
                (call $set_bit (local.get $prefixes) (local.get $b))
                ;; edgeHash(node, c)
                (local.set $h (i32.xor (i32.mul (local.get $node) (i32.const 0x9e3779b1)) (local.get $c)))
                (local.set $h (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 15))) (i32.const 0x85ebca6b)))
                (local.set $slot (i32.and (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))) (local.get $mask)))
                (block $found
                  (loop $probe
                    (local.set $at (i32.add (local.get $edges) (i32.mul (local.get $slot) (i32.const 12))))
                    (local.set $p (i32.load (local.get $at)))
                    (if (i32.eqz (local.get $p))
                      (then
                        (local.set $next (local.get $nodes))
                        (local.set $nodes (i32.add (local.get $nodes) (i32.const 1)))
                        (i32.store (local.get $at) (local.get $node))
                        (i32.store offset=4 (local.get $at) (local.get $c))
                        (i32.store offset=8 (local.get $at) (local.get $next))
                        (br $found)))
                    (if (i32.and (i32.eq (local.get $p) (local.get $node)) (i32.eq (i32.load offset=4 (local.get $at)) (local.get $c)))
                      (then
                        (local.set $next (i32.load offset=8 (local.get $at)))
                        (br $found)))
                    (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
                    (br $probe)))))
            (local.set $node (local.get $next))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $unit)))
        (local.set $at (i32.add (local.get $token_id) (i32.shl (local.get $node) (i32.const 2))))
        (if (i32.eq (i32.load (local.get $at)) (i32.const -1))
          (then (i32.store (local.get $at) (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $token)))
    (local.get $nodes))
)
