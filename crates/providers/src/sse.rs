//! A small Server-Sent Events parser (the WHATWG rules the providers rely on): bytes may
//! arrive split anywhere (mid-line, mid-UTF-8 character, between `\r` and `\n`); lines end
//! with `\n`, `\r\n` or `\r`; `data:` lines join with `\n`; a blank line ends an event;
//! comments (`:`) and `id:`/`retry:` are ignored.

/// One event: its `event:` name (empty when none was given) and its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SseEvent {
    pub event: String,
    pub data: String,
}

/// A line longer than this is not something a chat provider sends.
const MAX_LINE: usize = 4 * 1024 * 1024;

#[derive(Debug, Default)]
pub(crate) struct SseParser {
    line: Vec<u8>,
    /// The last byte seen was `\r`: a `\n` right after it belongs to the same line end.
    after_cr: bool,
    started: bool,
    event: String,
    data: String,
    has_data: bool,
}

impl SseParser {
    /// Feeds bytes; complete events are appended to `out`.
    pub fn push(&mut self, bytes: &[u8], out: &mut Vec<SseEvent>) -> Result<(), String> {
        for &b in bytes {
            if self.after_cr {
                self.after_cr = false;
                if b == b'\n' {
                    continue;
                }
            }
            match b {
                b'\n' => self.end_line(out),
                b'\r' => {
                    self.after_cr = true;
                    self.end_line(out);
                }
                _ => {
                    if self.line.len() >= MAX_LINE {
                        return Err("event stream line too long".into());
                    }
                    self.line.push(b);
                }
            }
        }
        Ok(())
    }

    /// The stream ended. A cut-off last line is dropped; complete `data:` lines that were
    /// not followed by a blank line still make an event (lenient servers omit it).
    pub fn finish(&mut self) -> Option<SseEvent> {
        self.line.clear();
        self.take_event()
    }

    fn end_line(&mut self, out: &mut Vec<SseEvent>) {
        let raw = std::mem::take(&mut self.line);
        let mut line = String::from_utf8_lossy(&raw).into_owned();
        if !self.started {
            self.started = true;
            if let Some(rest) = line.strip_prefix('\u{FEFF}') {
                line = rest.to_string();
            }
        }
        if line.is_empty() {
            if let Some(event) = self.take_event() {
                out.push(event);
            }
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line.as_str(), ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event = value.to_string(),
            _ => {}
        }
    }

    fn take_event(&mut self) -> Option<SseEvent> {
        let event = std::mem::take(&mut self.event);
        if !std::mem::take(&mut self.has_data) {
            return None;
        }
        Some(SseEvent { event, data: std::mem::take(&mut self.data) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_in_pieces(input: &[u8], cuts: &[usize]) -> Vec<SseEvent> {
        let mut p = SseParser::default();
        let mut out = Vec::new();
        let mut start = 0;
        for &cut in cuts.iter().chain(std::iter::once(&input.len())) {
            p.push(&input[start..cut], &mut out).unwrap();
            start = cut;
        }
        out.extend(p.finish());
        out
    }

    fn ev(event: &str, data: &str) -> SseEvent {
        SseEvent { event: event.into(), data: data.into() }
    }

    const STREAM: &str = "\u{FEFF}: comment\nevent: message_start\ndata: {\"a\":\"مرحبا\"}\n\n\
                          data: line one\r\ndata:line two\r\n\r\n\
                          id: 7\rretry: 10\revent: ping\rdata: {}\r\r\
                          data: [DONE]\n\n";

    fn expected() -> Vec<SseEvent> {
        vec![ev("message_start", "{\"a\":\"مرحبا\"}"), ev("", "line one\nline two"), ev("ping", "{}"), ev("", "[DONE]")]
    }

    #[test]
    fn whole_stream_with_mixed_line_ends() {
        assert_eq!(parse_in_pieces(STREAM.as_bytes(), &[]), expected());
    }

    #[test]
    fn every_single_split_point_gives_the_same_events() {
        let bytes = STREAM.as_bytes();
        for cut in 0..=bytes.len() {
            assert_eq!(parse_in_pieces(bytes, &[cut]), expected(), "cut at {cut}");
        }
    }

    #[test]
    fn byte_by_byte() {
        let bytes = STREAM.as_bytes();
        let cuts: Vec<usize> = (1..bytes.len()).collect();
        assert_eq!(parse_in_pieces(bytes, &cuts), expected());
    }

    #[test]
    fn end_of_stream_keeps_complete_data_and_drops_a_cut_line() {
        assert_eq!(parse_in_pieces(b"data: {\"x\":1}\n", &[]), vec![ev("", "{\"x\":1}")]);
        assert_eq!(parse_in_pieces(b"data: {\"x\":1}\n\ndata: {\"y\"", &[]), vec![ev("", "{\"x\":1}")]);
        assert_eq!(parse_in_pieces(b"event: ping\n\n", &[]), vec![], "no data, no event");
    }

    #[test]
    fn refuses_endless_lines() {
        let mut p = SseParser::default();
        let big = vec![b'a'; MAX_LINE + 1];
        assert!(p.push(&big, &mut Vec::new()).is_err());
    }
}
