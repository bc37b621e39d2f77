//! A stored result serialised a part at a time, so the page can let the browser paint and
//! answer input between parts: 100,000 discrepancies are ~50 MB of JSON and several hundred
//! milliseconds of work in one piece. The text is exactly `serde_json::to_string` of the
//! `StoredResult` (a test holds it to that), so reading it back needs nothing new.

use cuadra_core::document::ResultDocument;

use super::model::StoredResult;

/// The JSON of a `StoredResult`, written part by part.
pub struct JsonInParts<'a> {
    stored: &'a StoredResult,
    out: String,
    /// The next discrepancy to write.
    next: usize,
}

impl StoredResult {
    /// Starts writing this result's JSON: the document without its discrepancies first.
    pub fn json_in_parts(&self) -> JsonInParts<'_> {
        let document = &self.document;
        // Every field but the discrepancies, which are the document's last field.
        let head = ResultDocument {
            format: document.format.clone(),
            closing: document.closing.clone(),
            state: document.state,
            incomplete: document.incomplete,
            inputs: document.inputs.clone(),
            settings: document.settings.clone(),
            workers: document.workers.clone(),
            summary: document.summary.clone(),
            discrepancies: Vec::new(),
        };
        let head = serde_json::to_string(&head).expect("a result document always serialises");
        let open = head
            .strip_suffix("[]}")
            .expect("the discrepancies are the document's last field");
        let mut out = String::with_capacity(document.discrepancies.len() * 480 + head.len());
        out.push_str("{\"document\":");
        out.push_str(open);
        out.push('[');
        JsonInParts {
            stored: self,
            out,
            next: 0,
        }
    }
}

impl JsonInParts<'_> {
    /// Writes up to `n` more discrepancies; `true` once all are written.
    pub fn write(&mut self, n: usize) -> bool {
        let all = &self.stored.document.discrepancies;
        let end = self.next.saturating_add(n).min(all.len());
        for (idx, discrepancy) in all[self.next..end].iter().enumerate() {
            if self.next + idx > 0 {
                self.out.push(',');
            }
            let json = serde_json::to_string(discrepancy).expect("a discrepancy always serialises");
            self.out.push_str(&json);
        }
        self.next = end;
        end == all.len()
    }

    /// The whole JSON (writing whatever is left).
    pub fn finish(mut self) -> String {
        self.write(usize::MAX);
        self.out.push_str("]},\"changes\":");
        let changes =
            serde_json::to_string(&self.stored.changes).expect("a run diff always serialises");
        self.out.push_str(&changes);
        self.out.push('}');
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cuadra_core::run_diff::RunDiff;

    /// A generated closing's document: every field filled, discrepancies of every group.
    fn document() -> ResultDocument {
        crate::results_view::test_rows::generated_documents()
            .into_iter()
            .next()
            .expect("the test rows make documents")
    }

    #[test]
    fn the_parts_make_exactly_the_whole_json() {
        let document = document();
        assert!(document.discrepancies.len() > 3, "enough to split");
        let changes = Some(RunDiff::of_documents(&document, &document));
        for changes in [None, changes] {
            let stored = StoredResult {
                document: document.clone(),
                changes,
            };
            let whole = serde_json::to_string(&stored).expect("serialises");
            let mut parts = stored.json_in_parts();
            let mut steps = 0;
            while !parts.write(2) {
                steps += 1;
            }
            assert!(steps > 1, "written in several parts");
            assert_eq!(parts.finish(), whole);
        }
    }

    #[test]
    fn an_empty_result_too() {
        let mut document = document();
        document.discrepancies.clear();
        let stored = StoredResult {
            document,
            changes: None,
        };
        let whole = serde_json::to_string(&stored).expect("serialises");
        assert_eq!(stored.json_in_parts().finish(), whole);
    }
}
