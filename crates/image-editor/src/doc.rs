//! The edit as data: a list of operations over the original pixels plus text layers,
//! an undo history of such documents, and the rendering cache. No web types.

use crate::ops::{self, Rect, Rgba};

/// One step applied to the image, in the coordinates of the image before it.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Op {
    Crop(Rect),
    /// A quarter turn; `true` is clockwise.
    Rotate(bool),
    /// `true` mirrors left↔right, `false` top↔bottom.
    Flip(bool),
    Resize(u32, u32),
    /// Brightness and contrast, each −100..100. A document holds at most one, always last
    /// (both are per-pixel curves, so they commute with the geometry).
    Adjust(i32, i32),
}

impl Op {
    /// The size after this step.
    pub fn size_after(&self, w: u32, h: u32) -> (u32, u32) {
        match *self {
            Op::Crop(r) => r.clamp_to(w, h).map(|r| (r.w, r.h)).unwrap_or((1, 1)),
            Op::Rotate(_) => (h, w),
            Op::Flip(_) | Op::Adjust(..) => (w, h),
            Op::Resize(nw, nh) => (nw.max(1), nh.max(1)),
        }
    }

    pub fn apply(&self, img: &Rgba) -> Rgba {
        match *self {
            Op::Crop(r) => ops::crop(img, r),
            Op::Rotate(cw) => ops::rotate90(img, cw),
            Op::Flip(h) => ops::flip(img, h),
            Op::Resize(w, h) => ops::resize(img, w, h),
            Op::Adjust(b, c) => {
                let mut out = img.clone();
                ops::adjust(&mut out, b, c);
                out
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Align {
    Start,
    Center,
    End,
}

impl Align {
    pub fn css(self) -> &'static str {
        match self {
            Align::Start => "start",
            Align::Center => "center",
            Align::End => "end",
        }
    }
}

/// A line or block of text drawn over the image. Position and size are relative to the
/// output image, so they survive crops and resizes: `x`, `y` place the block's centre
/// (0..1 of the width and height), `size` is the font size as a share of the short side.
#[derive(Clone, PartialEq, Debug)]
pub struct TextLayer {
    pub text: String,
    pub font: usize,
    pub size: f64,
    pub color: String,
    pub outline: bool,
    pub shadow: bool,
    pub align: Align,
    pub x: f64,
    pub y: f64,
}

impl TextLayer {
    pub const DEFAULT_SIZE: f64 = 0.08;

    pub fn new(text: String, font: usize) -> TextLayer {
        TextLayer {
            text,
            font,
            size: Self::DEFAULT_SIZE,
            color: "#ffffff".into(),
            outline: false,
            shadow: true,
            align: Align::Center,
            x: 0.5,
            y: 0.5,
        }
    }

    /// A new layer for a plan with or without the advanced editors: without them it has no
    /// effects (outline and shadow are theirs).
    pub fn new_for(text: String, font: usize, advanced: bool) -> TextLayer {
        let mut t = TextLayer::new(text, font);
        if !advanced {
            t.outline = false;
            t.shadow = false;
        }
        t
    }

    /// The font size in output pixels.
    pub fn px(&self, w: u32, h: u32) -> f64 {
        (self.size * w.min(h) as f64).max(1.0)
    }
}

/// What the user has made of the original image.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Doc {
    pub ops: Vec<Op>,
    pub texts: Vec<TextLayer>,
}

impl Doc {
    pub fn output_size(&self, w: u32, h: u32) -> (u32, u32) {
        self.ops.iter().fold((w, h), |(w, h), op| op.size_after(w, h))
    }

    /// Adds a geometric step (before the trailing Adjust, if any).
    pub fn push_geometry(&mut self, op: Op) {
        debug_assert!(!matches!(op, Op::Adjust(..)));
        match self.ops.last() {
            Some(Op::Adjust(..)) => self.ops.insert(self.ops.len() - 1, op),
            _ => self.ops.push(op),
        }
    }

    pub fn adjust(&self) -> (i32, i32) {
        match self.ops.last() {
            Some(&Op::Adjust(b, c)) => (b, c),
            _ => (0, 0),
        }
    }

    pub fn set_adjust(&mut self, b: i32, c: i32) {
        if let Some(Op::Adjust(..)) = self.ops.last() {
            self.ops.pop();
        }
        if (b, c) != (0, 0) {
            self.ops.push(Op::Adjust(b.clamp(-100, 100), c.clamp(-100, 100)));
        }
    }

    /// Whether this document uses Creator's "advanced editors": more than one text layer,
    /// a text effect (outline or shadow), or brightness/contrast. Everything else (crop,
    /// rotate, flip, resize, one plain text layer, export) is every plan's.
    pub fn uses_advanced(&self) -> bool {
        self.texts.len() > 1 || self.texts.iter().any(|t| t.outline || t.shadow) || self.adjust() != (0, 0)
    }

    /// Whether another text layer may be added: one without the advanced editors.
    pub fn can_add_text(&self, advanced: bool) -> bool {
        advanced || self.texts.is_empty()
    }

    /// The steps without the trailing Adjust.
    pub fn geometry(&self) -> &[Op] {
        match self.ops.last() {
            Some(Op::Adjust(..)) => &self.ops[..self.ops.len() - 1],
            _ => &self.ops,
        }
    }
}

/// Undo and redo over whole documents (they are small: the pixels are not in them).
/// An edit with a `burst` key equal to the previous edit's replaces the current document
/// instead of adding a step (typing, dragging).
#[derive(Debug, Default)]
pub struct History {
    pub doc: Doc,
    past: Vec<Doc>,
    future: Vec<Doc>,
    burst: Option<u32>,
}

impl History {
    pub const LIMIT: usize = 100;

    pub fn reset(&mut self, doc: Doc) {
        *self = History { doc, ..Default::default() };
    }

    /// Makes `next` the current document; returns false if nothing changed.
    pub fn commit(&mut self, next: Doc, burst: Option<u32>) -> bool {
        if next == self.doc {
            return false;
        }
        let continues = burst.is_some() && burst == self.burst;
        if !continues {
            self.past.push(std::mem::replace(&mut self.doc, next));
            if self.past.len() > Self::LIMIT {
                self.past.remove(0);
            }
        } else {
            self.doc = next;
        }
        self.burst = burst;
        self.future.clear();
        true
    }

    /// Ends a burst: the next edit is a step of its own.
    pub fn seal(&mut self) {
        self.burst = None;
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    pub fn undo(&mut self) -> bool {
        let Some(prev) = self.past.pop() else { return false };
        self.future.push(std::mem::replace(&mut self.doc, prev));
        self.burst = None;
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(next) = self.future.pop() else { return false };
        self.past.push(std::mem::replace(&mut self.doc, next));
        self.burst = None;
        true
    }
}

/// Renders documents from the original pixels. It keeps the last geometric result (so a
/// new step costs one operation, not the whole list) and, when the light is changed, the
/// adjusted copy of it.
pub struct Pipeline {
    pub original: Rgba,
    geometry: Option<(Vec<Op>, Rgba)>,
    adjusted: Option<((i32, i32), Rgba)>,
}

impl Pipeline {
    pub fn new(original: Rgba) -> Pipeline {
        Pipeline { original, geometry: None, adjusted: None }
    }

    pub fn render(&mut self, doc: &Doc) -> &Rgba {
        let geo = doc.geometry();
        if self.geometry.as_ref().is_none_or(|(ops, _)| ops != geo) {
            self.adjusted = None;
            let cached = self.geometry.take().filter(|(ops, _)| geo.starts_with(ops));
            let (start, mut img) = match cached {
                Some((ops, img)) => (ops.len(), img),
                None => (0, self.original.clone()),
            };
            for op in &geo[start..] {
                img = op.apply(&img);
            }
            self.geometry = Some((geo.to_vec(), img));
        }
        let base = &self.geometry.as_ref().expect("rendered above").1;
        let light = doc.adjust();
        if light == (0, 0) {
            self.adjusted = None;
            return base;
        }
        if self.adjusted.as_ref().is_none_or(|(l, _)| *l != light) {
            self.adjusted = None;
            let mut out = base.clone();
            ops::adjust(&mut out, light.0, light.1);
            self.adjusted = Some((light, out));
        }
        &self.adjusted.as_ref().expect("adjusted above").1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(w: u32, h: u32) -> Rgba {
        Rgba { w, h, data: (0..w * h).flat_map(|i| [(i % 251) as u8, (i / 251) as u8, 7, 255]).collect() }
    }

    #[test]
    fn output_size_follows_the_steps() {
        let mut d = Doc::default();
        d.push_geometry(Op::Crop(ops::centred_crop(400, 300, 1, 1)));
        d.push_geometry(Op::Rotate(true));
        assert_eq!(d.output_size(400, 300), (300, 300));
        d.push_geometry(Op::Resize(108, 81));
        d.push_geometry(Op::Rotate(false));
        assert_eq!(d.output_size(400, 300), (81, 108));
        d.set_adjust(10, 0);
        d.push_geometry(Op::Flip(true));
        assert!(matches!(d.ops.last(), Some(Op::Adjust(10, 0))), "Adjust stays last");
        d.set_adjust(0, 0);
        assert!(!d.ops.iter().any(|o| matches!(o, Op::Adjust(..))));
    }

    #[test]
    fn history_undoes_and_redoes_with_bursts() {
        let mut h = History::default();
        let mut d = Doc::default();
        d.push_geometry(Op::Rotate(true));
        assert!(h.commit(d.clone(), None));
        assert!(!h.commit(d.clone(), None), "no step for no change");
        for (i, t) in ["a", "ab", "abc"].iter().enumerate() {
            let mut t_doc = h.doc.clone();
            if i == 0 {
                t_doc.texts.push(TextLayer::new(t.to_string(), 0));
            } else {
                t_doc.texts[0].text = t.to_string();
            }
            h.commit(t_doc, Some(1));
        }
        assert_eq!(h.doc.texts[0].text, "abc");
        assert!(h.undo());
        assert!(h.doc.texts.is_empty(), "one typing burst is one step");
        assert!(h.undo());
        assert_eq!(h.doc, Doc::default());
        assert!(!h.can_undo() && h.can_redo());
        assert!(h.redo() && h.redo());
        assert_eq!(h.doc.texts[0].text, "abc");
        assert!(!h.redo());
        // A new edit clears the redo list.
        h.undo();
        let mut d2 = h.doc.clone();
        d2.push_geometry(Op::Flip(false));
        h.commit(d2, None);
        assert!(!h.can_redo());
    }

    #[test]
    fn history_keeps_at_least_fifty_steps() {
        let mut h = History::default();
        for i in 0..150u32 {
            let mut d = h.doc.clone();
            d.push_geometry(Op::Resize(i + 1, 1));
            h.commit(d, None);
        }
        let mut n = 0;
        while h.undo() {
            n += 1;
        }
        assert_eq!(n, History::LIMIT);
        assert!(n >= 50);
    }

    #[test]
    fn advanced_is_a_second_text_layer_an_effect_or_the_light() {
        let mut d = Doc::default();
        assert!(!d.uses_advanced() && d.can_add_text(false) && d.can_add_text(true));
        d.push_geometry(Op::Crop(ops::centred_crop(400, 300, 1, 1)));
        d.push_geometry(Op::Rotate(true));
        d.push_geometry(Op::Flip(false));
        d.push_geometry(Op::Resize(100, 100));
        d.texts.push(TextLayer::new_for("نص".into(), 1, false));
        assert!(!d.uses_advanced(), "geometry and one plain layer are everyone's");
        assert!(!d.can_add_text(false) && d.can_add_text(true));
        let mut shadow = d.clone();
        shadow.texts[0].shadow = true;
        let mut outline = d.clone();
        outline.texts[0].outline = true;
        let mut light = d.clone();
        light.set_adjust(0, 10);
        let mut two = d.clone();
        two.texts.push(TextLayer::new_for("b".into(), 0, false));
        for (name, doc) in [("shadow", shadow), ("outline", outline), ("light", light), ("two layers", two)] {
            assert!(doc.uses_advanced(), "{name}");
        }
        // The advanced editors keep the default look (a shadow for legibility).
        assert!(TextLayer::new_for("a".into(), 0, true).shadow);
        assert_eq!(TextLayer::new_for("a".into(), 0, true), TextLayer::new("a".into(), 0));
    }

    #[test]
    fn pipeline_matches_applying_every_step_from_the_original() {
        let orig = numbered(9, 7);
        let mut p = Pipeline::new(orig.clone());
        let mut doc = Doc::default();
        let steps = [
            Op::Rotate(true),
            Op::Crop(Rect { x: 1, y: 2, w: 5, h: 4 }),
            Op::Flip(true),
            Op::Resize(10, 8),
            Op::Rotate(false),
            Op::Flip(false),
        ];
        for (i, op) in steps.iter().enumerate() {
            doc.push_geometry(*op);
            if i == 2 {
                doc.set_adjust(20, -30);
            }
            let direct = doc.ops.iter().fold(orig.clone(), |img, op| op.apply(&img));
            assert_eq!(p.render(&doc), &direct, "after step {i}");
        }
        // Undo-like: a shorter list renders from the original.
        let mut shorter = doc.clone();
        shorter.ops.truncate(2);
        let direct = shorter.ops.iter().fold(orig.clone(), |img, op| op.apply(&img));
        assert_eq!(p.render(&shorter), &direct);
        assert_eq!(p.render(&Doc::default()), &orig);
    }
}
