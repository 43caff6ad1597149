//! Crop-box dragging: which handle, how the box follows the finger, with or without a
//! fixed ratio. Coordinates are output-image pixels (f64). No web types.

/// `v` within `lo..=hi` (`hi` wins if they cross). Unlike `f64::clamp` it never panics,
/// and it keeps float formatting (its panic message) out of the WASM module.
pub fn clampf(v: f64, lo: f64, hi: f64) -> f64 {
    v.max(lo).min(hi)
}

/// A rectangle in output pixels, as floats while it is dragged.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Box2 {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// What is being dragged: the whole box, a corner, or an edge (compass names).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Handle {
    Move,
    N,
    S,
    E,
    W,
    NE,
    NW,
    SE,
    SW,
}

impl Handle {
    pub const ALL: [Handle; 8] =
        [Handle::NW, Handle::N, Handle::NE, Handle::E, Handle::SE, Handle::S, Handle::SW, Handle::W];

    pub fn name(self) -> &'static str {
        match self {
            Handle::Move => "move",
            Handle::N => "n",
            Handle::S => "s",
            Handle::E => "e",
            Handle::W => "w",
            Handle::NE => "ne",
            Handle::NW => "nw",
            Handle::SE => "se",
            Handle::SW => "sw",
        }
    }

    pub fn parse(s: &str) -> Option<Handle> {
        Handle::ALL.into_iter().chain([Handle::Move]).find(|h| h.name() == s)
    }

    /// Which edges this handle moves: (left, top, right, bottom).
    fn edges(self) -> (bool, bool, bool, bool) {
        match self {
            Handle::Move => (true, true, true, true),
            Handle::N => (false, true, false, false),
            Handle::S => (false, false, false, true),
            Handle::E => (false, false, true, false),
            Handle::W => (true, false, false, false),
            Handle::NE => (false, true, true, false),
            Handle::NW => (true, true, false, false),
            Handle::SE => (false, false, true, true),
            Handle::SW => (true, false, false, true),
        }
    }

    /// Where the handle sits on the box, as fractions of its width and height.
    pub fn anchor(self) -> (f64, f64) {
        match self {
            Handle::Move => (0.5, 0.5),
            Handle::N => (0.5, 0.0),
            Handle::S => (0.5, 1.0),
            Handle::E => (1.0, 0.5),
            Handle::W => (0.0, 0.5),
            Handle::NE => (1.0, 0.0),
            Handle::NW => (0.0, 0.0),
            Handle::SE => (1.0, 1.0),
            Handle::SW => (0.0, 1.0),
        }
    }
}

/// What a dragged box must respect: the image (`w × h`), a smallest side, a fixed ratio
/// (width / height) if any.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Limits {
    pub w: f64,
    pub h: f64,
    pub min: f64,
    pub ratio: Option<f64>,
}

/// The box after dragging `handle` by (dx, dy) from `start`, within `limits`.
pub fn drag(start: Box2, handle: Handle, dx: f64, dy: f64, limits: Limits) -> Box2 {
    let Limits { w: bw, h: bh, ratio, min } = limits;
    let min = min.min(bw).min(bh).max(1.0);
    if handle == Handle::Move {
        let x = clampf(start.x + dx, 0.0, (bw - start.w).max(0.0));
        let y = clampf(start.y + dy, 0.0, (bh - start.h).max(0.0));
        return Box2 { x, y, ..start };
    }
    let (l, t, r, b) = handle.edges();
    let (mut x0, mut y0, mut x1, mut y1) = (start.x, start.y, start.x + start.w, start.y + start.h);
    if l {
        x0 = clampf(x0 + dx, 0.0, x1 - min);
    }
    if r {
        x1 = clampf(x1 + dx, x0 + min, bw);
    }
    if t {
        y0 = clampf(y0 + dy, 0.0, y1 - min);
    }
    if b {
        y1 = clampf(y1 + dy, y0 + min, bh);
    }
    let Some(ratio) = ratio.filter(|r| r.is_finite() && *r > 0.0) else {
        return Box2 { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
    };
    // With a ratio: the dragged dimension leads, the other follows, anchored on the side
    // (or centre line) that is not being dragged; then shrink to fit the bounds.
    let (mut w, mut h) = (x1 - x0, y1 - y0);
    let horizontal_only = (l || r) && !(t || b);
    let vertical_only = (t || b) && !(l || r);
    if vertical_only {
        w = h * ratio;
    } else if horizontal_only || w / h > ratio {
        h = w / ratio;
    } else {
        w = h * ratio;
    }
    // The fixed point: opposite corner for corners, centre of the opposite edge for edges.
    let ax = if l && !r {
        start.x + start.w
    } else if r && !l {
        start.x
    } else {
        start.x + start.w / 2.0
    };
    let ay = if t && !b {
        start.y + start.h
    } else if b && !t {
        start.y
    } else {
        start.y + start.h / 2.0
    };
    let fx = if l && !r {
        1.0
    } else if r && !l {
        0.0
    } else {
        0.5
    };
    let fy = if t && !b {
        1.0
    } else if b && !t {
        0.0
    } else {
        0.5
    };
    // Largest scale that keeps the box inside the bounds around the fixed point.
    let room_w = if fx == 1.0 {
        ax
    } else if fx == 0.0 {
        bw - ax
    } else {
        2.0 * ax.min(bw - ax)
    };
    let room_h = if fy == 1.0 {
        ay
    } else if fy == 0.0 {
        bh - ay
    } else {
        2.0 * ay.min(bh - ay)
    };
    let scale = (room_w / w).min(room_h / h).min(1.0);
    w *= scale;
    h *= scale;
    if w < min || h < min {
        let grow = (min / w).max(min / h);
        w *= grow;
        h *= grow;
    }
    let x = clampf(ax - fx * w, 0.0, (bw - w).max(0.0));
    let y = clampf(ay - fy * h, 0.0, (bh - h).max(0.0));
    Box2 { x, y, w: w.min(bw), h: h.min(bh) }
}

/// The largest box of `ratio` centred in `bw × bh`.
pub fn centred(bw: f64, bh: f64, ratio: f64) -> Box2 {
    let (w, h) = if bw / bh > ratio { (bh * ratio, bh) } else { (bw, bw / ratio) };
    Box2 { x: (bw - w) / 2.0, y: (bh - h) / 2.0, w, h }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: Box2 = Box2 { x: 100.0, y: 100.0, w: 200.0, h: 100.0 };

    fn inside(b: Box2, bw: f64, bh: f64) -> bool {
        b.x >= 0.0 && b.y >= 0.0 && b.x + b.w <= bw + 1e-9 && b.y + b.h <= bh + 1e-9
    }

    #[test]
    fn free_handles_move_their_edges() {
        assert_eq!(
            drag(B, Handle::SE, 50.0, 20.0, Limits { w: 1000.0, h: 1000.0, ratio: None, min: 10.0 }),
            Box2 { x: 100.0, y: 100.0, w: 250.0, h: 120.0 }
        );
        assert_eq!(
            drag(B, Handle::NW, -50.0, -20.0, Limits { w: 1000.0, h: 1000.0, ratio: None, min: 10.0 }),
            Box2 { x: 50.0, y: 80.0, w: 250.0, h: 120.0 }
        );
        assert_eq!(
            drag(B, Handle::E, -500.0, 0.0, Limits { w: 1000.0, h: 1000.0, ratio: None, min: 10.0 }).w,
            10.0,
            "never below the minimum"
        );
        assert_eq!(
            drag(B, Handle::W, -500.0, 0.0, Limits { w: 1000.0, h: 1000.0, ratio: None, min: 10.0 }).x,
            0.0,
            "never past the image"
        );
        assert_eq!(
            drag(B, Handle::Move, 5000.0, -5000.0, Limits { w: 1000.0, h: 1000.0, ratio: None, min: 10.0 }),
            Box2 { x: 800.0, y: 0.0, w: 200.0, h: 100.0 }
        );
    }

    #[test]
    fn a_ratio_is_kept_whatever_the_drag() {
        let start = Box2 { x: 100.0, y: 100.0, w: 200.0, h: 200.0 };
        for h in Handle::ALL {
            for (dx, dy) in [(50.0, 10.0), (-80.0, 30.0), (400.0, 400.0), (-400.0, -400.0), (3.0, -70.0)] {
                let b = drag(start, h, dx, dy, Limits { w: 600.0, h: 500.0, ratio: Some(1.0), min: 20.0 });
                assert!((b.w / b.h - 1.0).abs() < 1e-9, "{h:?} {dx},{dy}: {b:?}");
                assert!(inside(b, 600.0, 500.0), "{h:?} {dx},{dy}: {b:?}");
                assert!(b.w >= 20.0 - 1e-9);
            }
        }
        let b = drag(start, Handle::SE, 100.0, 0.0, Limits { w: 600.0, h: 500.0, ratio: Some(1.0), min: 20.0 });
        assert_eq!((b.x, b.y), (100.0, 100.0), "the opposite corner stays");
    }

    #[test]
    fn centred_box_fills_one_side() {
        assert_eq!(centred(400.0, 300.0, 1.0), Box2 { x: 50.0, y: 0.0, w: 300.0, h: 300.0 });
        assert_eq!(centred(400.0, 300.0, 16.0 / 9.0).w, 400.0);
        assert_eq!(Handle::parse("sw"), Some(Handle::SW));
        assert_eq!(Handle::parse("move"), Some(Handle::Move));
    }
}
