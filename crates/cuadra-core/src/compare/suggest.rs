//! "¿Quiso decir…?": for each "only in one source" discrepancy, the RUT on the other side
//! most likely meant (docs/results.md `sugerencia`).
//!
//! The candidates are the other side's RUTs that this side does not have at all (a RUT
//! present on both sides already has its partner). Two RUTs are related when:
//! - the numbers are equal and the check digits differ (`CheckDigitDiffers`);
//! - one is the other typed without its check digit, so that its last digit was read as the
//!   check digit (`12345678` → `1234567-8`), and the long one is valid (`CheckDigitMissing`);
//! - the check digits are equal, exactly one of the two is valid, and the numbers differ by
//!   two swapped neighbouring digits (`AdjacentDigitsSwapped`) or by one digit
//!   (`OneDigitDiffers`). Modulo 11 with weights 2…7 changes the check digit for every
//!   single-digit change and every swap of two different neighbours, so two valid RUTs are
//!   never one typo apart with the same check digit: an analyst who kept the right check
//!   digit on a mistyped number produced an invalid RUT, and that is the signal. Without it
//!   a 20,000-employee libro would put a valid neighbour one digit away from one RUT in
//!   fifteen;
//! - or the RUTs differ but the normalised names (case, accents, punctuation and word order
//!   ignored; at least two words) are equal and no other candidate has that name
//!   (`SameName`).
//!
//! Ambiguity: the strongest reason found wins (in [`SuggestionReason`]'s order). Several
//! candidates for that reason: the one whose name equals the discrepancy's wins; if that does
//! not leave exactly one, there is no suggestion — a guess between equals would look like
//! knowledge. And a suggestion must be mutual (see [`suggest`]).
//!
//! Cost: the index is a hash of the candidates' numbers (valid and invalid apart), of the
//! numbers with their check digit appended, and of their names. A query does at most a few
//! dozen hash probes: a valid query can only be one typo from an invalid candidate (usually
//! none exist, so nothing is probed), and an invalid query only from the neighbours whose
//! check digit equals its own (about one in eleven of its 80 neighbours). Never a scan of
//! the other side.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::discrepancy::{Discrepancy, DiscrepancyKind, Suggestion, SuggestionReason};
use crate::values::rut::Rut;
use crate::values::text::{fold_accent, normalize_absence_kind};

/// A RUT one side has and the other lacks, with the name its side gives it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate<'a> {
    pub rut: Rut,
    pub name: &'a str,
}

/// One side's RUTs that the other side lacks, and the discrepancy type they are reported
/// as (`empleado_solo_novedades` for novedades' RUTs missing from the libro, …).
pub(crate) struct OneSided<I> {
    pub kind: DiscrepancyKind,
    pub ruts: I,
}

/// Fills `suggestion` on every discrepancy of either side's type. A suggestion must be
/// mutual: `b` is suggested for `a` only when `a` is also the best for `b` among `a`'s side.
/// So when a libro RUT happens to be one digit from a mistyped novedades RUT whose true
/// RUT is also in the libro, only the true one gets it, and two analyst rows with one name
/// cannot both claim the same employee. Nothing is built when neither type occurs; each
/// RUT is looked up once however many discrepancies it has.
pub(crate) fn suggest<'a>(
    discrepancies: &mut [Discrepancy],
    a: OneSided<impl IntoIterator<Item = Candidate<'a>>>,
    b: OneSided<impl IntoIterator<Item = Candidate<'a>>>,
) {
    if !discrepancies
        .iter()
        .any(|d| d.kind == a.kind || d.kind == b.kind)
    {
        return;
    }
    let index_a = Index::new(a.ruts);
    let index_b = Index::new(b.ruts);
    if index_a.candidates.is_empty() || index_b.candidates.is_empty() {
        return;
    }
    let mut memo: HashMap<(DiscrepancyKind, Rut), Option<Suggestion>> = HashMap::new();
    for discrepancy in discrepancies.iter_mut() {
        let (own, other) = if discrepancy.kind == a.kind {
            (&index_a, &index_b)
        } else if discrepancy.kind == b.kind {
            (&index_b, &index_a)
        } else {
            continue;
        };
        let suggestion = memo
            .entry((discrepancy.kind, discrepancy.rut))
            .or_insert_with(|| {
                let suggestion = other.best(discrepancy.rut, &discrepancy.name)?;
                let back = own.best(suggestion.rut, &suggestion.name)?;
                (back.rut == discrepancy.rut).then_some(suggestion)
            })
            .clone();
        discrepancy.suggestion = suggestion;
    }
}

/// A multiplicative hash for integer keys: the std SipHash costs more than the rest of a
/// probe, and these keys come from the user's own files (no adversary to defend against).
#[derive(Default)]
struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0 ^ value)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

type IntMap<K, V> = HashMap<K, V, BuildHasherDefault<IntHasher>>;

/// Candidates by a key, several per key, without a `Vec` per key: the map holds the latest
/// candidate of each key and `next` chains each candidate to the one before it. A side of
/// 100,000 RUTs is indexed with no allocation per RUT.
struct Chains<K> {
    heads: IntMap<K, u32>,
    next: Vec<u32>,
}

const END: u32 = u32::MAX;

impl<K: std::hash::Hash + Eq + Copy> Chains<K> {
    fn new(capacity: usize) -> Chains<K> {
        Chains {
            heads: IntMap::with_capacity_and_hasher(capacity, Default::default()),
            next: Vec::with_capacity(capacity),
        }
    }

    /// Adds candidate `idx`; every candidate is added exactly once, in index order.
    fn push(&mut self, key: Option<K>, idx: usize) {
        let previous = match key {
            Some(key) => self.heads.insert(key, idx as u32).unwrap_or(END),
            None => END,
        };
        debug_assert_eq!(self.next.len(), idx);
        self.next.push(previous);
    }

    fn get(&self, key: K) -> impl Iterator<Item = usize> + '_ {
        let mut idx = self.heads.get(&key).copied().unwrap_or(END);
        std::iter::from_fn(move || {
            (idx != END).then(|| {
                let found = idx as usize;
                idx = self.next[found];
                found
            })
        })
    }
}

struct Index<'a> {
    candidates: Vec<Candidate<'a>>,
    /// Number → the valid candidate with it (a number has one valid check digit).
    valid_by_number: IntMap<u32, usize>,
    /// Number → the invalid candidates with it: what a valid query one typo away probes.
    invalid_by_number: Chains<u32>,
    /// `number·10 + check digit` of candidates whose check digit is `0`–`9`: a candidate
    /// that is a full RUT read without its check digit.
    appended: Chains<u64>,
    /// [`name_hash`] → candidates; equal hashes are confirmed by [`name_key`].
    by_name: Chains<u64>,
}

impl<'a> Index<'a> {
    fn new(candidates: impl IntoIterator<Item = Candidate<'a>>) -> Index<'a> {
        let candidates = candidates.into_iter();
        let capacity = candidates.size_hint().0;
        let mut index = Index {
            candidates: Vec::with_capacity(capacity),
            valid_by_number: IntMap::with_capacity_and_hasher(capacity, Default::default()),
            invalid_by_number: Chains::new(0),
            appended: Chains::new(capacity),
            by_name: Chains::new(capacity),
        };
        for candidate in candidates {
            let rut = candidate.rut;
            let valid = rut.is_valid();
            // A RUT listed twice (several absences) keeps its first name.
            let seen = if valid {
                index.valid_by_number.contains_key(&rut.number)
            } else {
                index
                    .invalid_by_number
                    .get(rut.number)
                    .any(|idx| index.candidates[idx].rut == rut)
            };
            if seen {
                continue;
            }
            let idx = index.candidates.len();
            index.candidates.push(candidate);
            if valid {
                index.valid_by_number.insert(rut.number, idx);
            }
            index
                .invalid_by_number
                .push((!valid).then_some(rut.number), idx);
            let appended = rut
                .check_digit
                .to_digit(10)
                .map(|digit| u64::from(rut.number) * 10 + u64::from(digit));
            index.appended.push(appended, idx);
            index.by_name.push(name_hash(candidate.name), idx);
        }
        index
    }

    fn has_invalid(&self) -> bool {
        !self.invalid_by_number.heads.is_empty()
    }

    /// Every candidate with the number, valid or not.
    fn by_number(&self, number: u32) -> impl Iterator<Item = usize> + '_ {
        self.valid_by_number
            .get(&number)
            .copied()
            .into_iter()
            .chain(self.invalid_by_number.get(number))
    }

    /// The one candidate whose name is `name`'s (as a key), if exactly one has it.
    fn only_one_named(&self, name: &str) -> Option<usize> {
        let mut chain = self.by_name.get(name_hash(name)?).peekable();
        // Most names have no namesake: the key is built only for those that might.
        chain.peek()?;
        let key = name_key(name);
        let mut named = chain.filter(|&idx| name_key(self.candidates[idx].name) == key);
        let first = named.next()?;
        named.next().is_none().then_some(first)
    }

    /// The suggestion for one RUT and the name its side gives it.
    fn best(&self, rut: Rut, name: &str) -> Option<Suggestion> {
        let mut found: Vec<(SuggestionReason, usize)> = Vec::new();
        self.related_by_number(rut, &mut found);
        if let Some(idx) = self.only_one_named(name) {
            if self.candidates[idx].rut != rut {
                found.push((SuggestionReason::SameName, idx));
            }
        }
        let best_reason = found.iter().map(|(reason, _)| *reason).min()?;
        let mut best: Vec<usize> = found
            .iter()
            .filter(|(reason, _)| *reason == best_reason)
            .map(|(_, idx)| *idx)
            .collect();
        best.sort_unstable();
        best.dedup();
        if best.len() > 1 {
            let name = name_key(name);
            best.retain(|idx| name.is_some() && name_key(self.candidates[*idx].name) == name);
        }
        let [idx] = best.as_slice() else {
            return None;
        };
        let candidate = self.candidates[*idx];
        Some(Suggestion {
            rut: candidate.rut,
            name: candidate.name.trim().to_string(),
            reason: best_reason,
        })
    }

    /// Candidates related to `rut` by its number and check digit.
    fn related_by_number(&self, rut: Rut, found: &mut Vec<(SuggestionReason, usize)>) {
        for idx in self.by_number(rut.number) {
            if self.candidates[idx].rut.check_digit != rut.check_digit {
                found.push((SuggestionReason::CheckDigitDiffers, idx));
            }
        }
        // This side typed without the check digit: the candidate's number is ours with our
        // "check digit" appended, and the candidate, the full RUT, is valid.
        if let Some(digit) = rut.check_digit.to_digit(10) {
            let full = u64::from(rut.number) * 10 + u64::from(digit);
            if let Ok(full) = u32::try_from(full) {
                if let Some(&idx) = self.valid_by_number.get(&full) {
                    found.push((SuggestionReason::CheckDigitMissing, idx));
                }
            }
        }
        let valid = rut.is_valid();
        // The other side typed without it: we are the full RUT, and valid.
        if valid {
            for idx in self.appended.get(u64::from(rut.number)) {
                found.push((SuggestionReason::CheckDigitMissing, idx));
            }
        }
        // One typo in the number, the check digit kept: exactly one side is valid.
        if valid {
            if !self.has_invalid() {
                return;
            }
            for_each_typo(rut.number, |reason, number| {
                for idx in self.invalid_by_number.get(number) {
                    if self.candidates[idx].rut.check_digit == rut.check_digit {
                        found.push((reason, idx));
                    }
                }
            });
        } else {
            for_each_typo(rut.number, |reason, number| {
                if Rut::compute_check_digit(number) != rut.check_digit {
                    return;
                }
                if let Some(&idx) = self.valid_by_number.get(&number) {
                    found.push((reason, idx));
                }
            });
        }
    }
}

/// Calls `visit` with every number one typo away from `number`: each digit replaced by
/// another (never a leading 0, which would make a shorter number) and each pair of
/// different neighbouring digits swapped (never bringing a 0 to the front).
fn for_each_typo(number: u32, mut visit: impl FnMut(SuggestionReason, u32)) {
    let mut digits = [0u8; 10];
    let mut n_digits = 0;
    let mut rest = number;
    while rest > 0 {
        digits[n_digits] = (rest % 10) as u8;
        rest /= 10;
        n_digits += 1;
    }
    // `digits[0]` is the units digit; `place[i]` is 10^i.
    let mut place = [1u64; 10];
    for i in 1..n_digits {
        place[i] = place[i - 1] * 10;
    }
    let number = u64::from(number);
    let leading = n_digits.saturating_sub(1);
    let mut emit = |reason, value: u64| {
        if let Ok(value) = u32::try_from(value) {
            visit(reason, value);
        }
    };
    for pos in 0..n_digits {
        let digit = u64::from(digits[pos]);
        for replacement in 0..10u64 {
            if replacement == digit || (pos == leading && replacement == 0) {
                continue;
            }
            emit(
                SuggestionReason::OneDigitDiffers,
                number - digit * place[pos] + replacement * place[pos],
            );
        }
    }
    for pos in 0..leading {
        let (low, high) = (u64::from(digits[pos]), u64::from(digits[pos + 1]));
        if low == high || (pos + 1 == leading && low == 0) {
            continue;
        }
        let swapped = number - low * place[pos] - high * place[pos + 1]
            + high * place[pos]
            + low * place[pos + 1];
        emit(SuggestionReason::AdjacentDigitsSwapped, swapped);
    }
}

/// [`name_key`]'s words hashed without building it: each word's FNV-1a hash over the folded
/// characters, summed (so word order does not matter) with the word count. Indexing the
/// libro's names this way allocates nothing; equal hashes are then confirmed by
/// `name_key`. `None` for fewer than two words, as `name_key`.
fn name_hash(name: &str) -> Option<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mix = |hash: u64| (hash ^ (hash >> 31)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut sum = 0u64;
    let mut n_words = 0u64;
    let mut word: Option<u64> = None;
    for c in name.chars().flat_map(char::to_lowercase).map(fold_accent) {
        if c.is_alphanumeric() {
            let hash = word.unwrap_or(OFFSET);
            word = Some((hash ^ u64::from(u32::from(c))).wrapping_mul(PRIME));
        } else if let Some(hash) = word.take() {
            sum = sum.wrapping_add(mix(hash));
            n_words += 1;
        }
    }
    if let Some(hash) = word {
        sum = sum.wrapping_add(mix(hash));
        n_words += 1;
    }
    (n_words >= 2).then(|| sum ^ n_words.wrapping_mul(PRIME))
}

/// A name as a comparison key: lower case, no accents or punctuation, words sorted (the
/// libro writes `Nombre Paterno Materno`, an analyst often `Paterno Materno, Nombre`).
/// `None` for fewer than two words: a lone first name says too little.
fn name_key(name: &str) -> Option<String> {
    let normalised = normalize_absence_kind(name);
    let mut words: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
    if words.len() < 2 {
        return None;
    }
    words.sort_unstable();
    Some(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn typos(number: u32) -> Vec<(SuggestionReason, u32)> {
        let mut all = Vec::new();
        for_each_typo(number, |reason, value| all.push((reason, value)));
        all
    }

    #[test]
    fn every_neighbour_one_typo_away() {
        let all = typos(10_203);
        let swaps: Vec<u32> = all
            .iter()
            .filter(|(reason, _)| *reason == SuggestionReason::AdjacentDigitsSwapped)
            .map(|(_, value)| *value)
            .collect();
        // 10203: swapping 1 and 0 would lead with 0; 0↔2, 2↔0, 0↔3 are fine.
        assert_eq!(swaps, vec![10_230, 10_023, 12_003]);
        let substitutions = all.len() - swaps.len();
        // Five digits, nine replacements each, minus the leading 0.
        assert_eq!(substitutions, 5 * 9 - 1);
        assert!(all
            .iter()
            .all(|(_, value)| *value >= 10_000 && *value != 10_203));
    }

    #[test]
    fn names_ignore_case_accents_punctuation_and_order() {
        assert_eq!(name_key("José  PÉREZ, Soto"), name_key("perez soto jose"));
        assert_eq!(name_key("Ana"), None);
        assert_ne!(name_key("Ana Soto"), name_key("Ana Sotomayor"));
        // The hash agrees with the key, which confirms every equal hash.
        assert_eq!(name_hash("José  PÉREZ, Soto"), name_hash("perez soto jose"));
        assert_eq!(name_hash("Ana"), None);
        assert_ne!(name_hash("Ana Soto"), name_hash("Ana Sotomayor"));
        assert_ne!(name_hash("Ana Ana Soto"), name_hash("Ana Soto Soto"));
        assert_ne!(name_hash("Ana Soto"), name_hash("Ana Soto Soto"));
    }
}
