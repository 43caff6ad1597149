//! The editor's words. The host looks each key up in its Fluent files
//! (`locales/{ar,en}/editor.ftl`) and passes the texts in `config.labels`; a missing
//! label shows its key. `labels.txt` (read by the host at build time) lists the same keys.

/// Every label key the editor shows, in the order of `labels.txt`.
pub const LABEL_KEYS: &[&str] = &[
    "editor-toolbar",
    "editor-empty",
    "editor-canvas",
    "editor-open",
    "editor-undo",
    "editor-redo",
    "editor-group-crop",
    "editor-crop-1x1",
    "editor-crop-4x5",
    "editor-crop-9x16",
    "editor-crop-16x9",
    "editor-crop-free",
    "editor-crop-area",
    "editor-crop-apply",
    "editor-crop-cancel",
    "editor-group-transform",
    "editor-rotate",
    "editor-rotate-left",
    "editor-flip-h",
    "editor-flip-v",
    "editor-resize",
    "editor-resize-width",
    "editor-resize-height",
    "editor-resize-preset",
    "editor-resize-apply",
    "editor-resize-cancel",
    "editor-group-adjust",
    "editor-brightness",
    "editor-contrast",
    "editor-add-text",
    "editor-text-placeholder",
    "editor-text-input",
    "editor-text-font",
    "editor-text-size",
    "editor-text-color",
    "editor-text-outline",
    "editor-text-shadow",
    "editor-text-align",
    "editor-text-align-start",
    "editor-text-align-center",
    "editor-text-align-end",
    "editor-text-delete",
    "editor-font-system",
    "editor-locked-layers",
    "editor-locked-effects",
    "editor-locked-filters",
    "editor-upgrade",
    "editor-format",
    "editor-format-png",
    "editor-format-jpeg",
    "editor-format-webp",
    "editor-quality",
    "editor-export",
    "editor-save",
    "editor-saving",
    "editor-saved",
    "editor-saved-jpeg",
    "editor-working",
    "editor-status-size",
    "editor-error-unsupported",
    "editor-error-too-large",
    "editor-error-load",
    "editor-error-decode",
    "editor-error-resize",
    "editor-error-export",
    "editor-error-save",
    "editor-error-too-big",
];

#[cfg(test)]
mod tests {
    use super::LABEL_KEYS;
    use std::collections::BTreeSet;

    fn read(rel: &str) -> String {
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
    }

    #[test]
    fn labels_txt_lists_the_keys() {
        let listed: Vec<String> = read("labels.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        assert_eq!(listed, LABEL_KEYS, "labels.txt and LABEL_KEYS differ");
        let unique: BTreeSet<_> = LABEL_KEYS.iter().collect();
        assert_eq!(unique.len(), LABEL_KEYS.len(), "a key is listed twice");
        assert!(LABEL_KEYS.iter().all(|k| k.starts_with("editor-")));
    }

    #[test]
    fn both_fluent_files_define_every_key() {
        for lang in ["en", "ar"] {
            let text = read(&format!("../../locales/{lang}/editor.ftl"));
            let defined: BTreeSet<&str> = text
                .lines()
                .filter(|l| !l.starts_with([' ', '#']))
                .filter_map(|l| l.split_once(" = ").map(|(k, v)| (k.trim(), v.trim())))
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, _)| k)
                .collect();
            let missing: Vec<_> = LABEL_KEYS.iter().filter(|k| !defined.contains(*k)).collect();
            assert!(missing.is_empty(), "{lang}/editor.ftl lacks {missing:?}");
            let extra: Vec<_> = defined.iter().filter(|k| !LABEL_KEYS.contains(k)).collect();
            assert!(extra.is_empty(), "{lang}/editor.ftl has keys the editor does not use: {extra:?}");
        }
        // The size pattern carries both placeholders in both languages.
        for lang in ["en", "ar"] {
            let text = read(&format!("../../locales/{lang}/editor.ftl"));
            let line = text.lines().find(|l| l.starts_with("editor-status-size =")).unwrap();
            assert!(line.contains("{ $width }") && line.contains("{ $height }"), "{lang}: {line}");
        }
    }
}
