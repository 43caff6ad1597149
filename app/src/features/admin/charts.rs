//! The dashboard's charts, drawn on the server as SVG: no chart library reaches the
//! browser. Right to left in Arabic (the first day at the right, bars growing leftwards),
//! each bar titled with its numbers; the page also shows the numbers in a table.

use super::model::{ModelUsage, Point};
use crate::i18n::{format_jod, format_number, message, Lang};
use crate::types::Fils;
use std::fmt::Write;

/// The drawing's width: small, so that its 12-unit text stays readable when a phone
/// scales it down (the page caps how far a desktop scales it up).
const W: f64 = 360.0;
const FONT: &str = "font-family=\"inherit\" font-size=\"12\" fill=\"currentColor\"";

fn esc(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

/// Text placed with its end (in reading order) at `x`: its right edge in English, its left
/// edge in Arabic, or the other way round with `towards_end`.
fn text(out: &mut String, x: f64, y: f64, label: &str, lang: Lang, edge_at_x: Edge, extra: &str) {
    let rtl = lang == Lang::Ar;
    // With direction="rtl", "start" is the right edge.
    let anchor = match (edge_at_x, rtl) {
        (Edge::Right, false) | (Edge::Left, true) => "end",
        (Edge::Left, false) | (Edge::Right, true) => "start",
        (Edge::Middle, _) => "middle",
    };
    let dir = if rtl { "rtl" } else { "ltr" };
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" direction="{dir}" {FONT} {extra}>{}</text>"#,
        esc(label)
    );
}

#[derive(Clone, Copy)]
enum Edge {
    Left,
    Right,
    Middle,
}

/// At most `n` characters, an ellipsis when cut (the table below has the whole name).
fn short(name: &str, n: usize) -> String {
    if name.chars().count() <= n {
        name.to_string()
    } else {
        format!("{}…", name.chars().take(n - 1).collect::<String>().trim_end())
    }
}

/// A short day label: `30/11`.
fn short_day(label: &str) -> String {
    match (label.get(5..7), label.get(8..10)) {
        (Some(m), Some(d)) => format!("{}/{}", d.trim_start_matches('0'), m.trim_start_matches('0')),
        _ => label.to_string(),
    }
}

/// Net revenue per day, as columns.
pub fn revenue(days: &[Point], lang: Lang) -> String {
    let rtl = lang == Lang::Ar;
    let h = 200.0;
    let (top, bottom, axis) = (14.0, 24.0, 64.0);
    let (left, right) = if rtl { (8.0, W - axis) } else { (axis, W - 8.0) };
    let max = days.iter().map(|p| p.value).max().unwrap_or(0).max(1000) as f64;
    let min = days.iter().map(|p| p.value).min().unwrap_or(0).min(0) as f64;
    let plot_h = h - top - bottom;
    let y_of = |v: f64| top + (max - v) / (max - min) * plot_h;
    let zero = y_of(0.0);
    let n = days.len().max(1) as f64;
    let step = (right - left) / n;
    let bar = (step * 0.7).max(1.0);
    let title = message(lang, "admin-chart-revenue");
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="100%" role="img" aria-label="{}" class="chart">"#,
        esc(&title)
    );
    // Grid: zero and the top value.
    let axis_x = if rtl { right + 6.0 } else { left - 6.0 };
    let axis_edge = if rtl { Edge::Left } else { Edge::Right };
    for v in [max, 0.0].into_iter().chain((min < 0.0).then_some(min)) {
        let y = y_of(v);
        let _ = write!(
            out,
            r#"<line x1="{left:.1}" x2="{right:.1}" y1="{y:.1}" y2="{y:.1}" stroke="currentColor" stroke-opacity="0.2"/>"#
        );
        text(&mut out, axis_x, y + 4.0, &format_jod(v as i64, lang), lang, axis_edge, "");
    }
    for (i, p) in days.iter().enumerate() {
        let slot = if rtl { right - (i as f64 + 1.0) * step } else { left + i as f64 * step };
        let x = slot + (step - bar) / 2.0;
        let y = y_of(p.value as f64);
        let (y0, bh) = if p.value >= 0 { (y, zero - y) } else { (zero, y - zero) };
        let cls = if p.value >= 0 { "bar" } else { "bar negative" };
        let _ = write!(
            out,
            r#"<rect class="{cls}" x="{x:.1}" y="{y0:.1}" width="{bar:.1}" height="{:.1}" rx="2"><title>{} · {}</title></rect>"#,
            bh.max(0.5),
            esc(&p.label),
            esc(&format_jod(p.value, lang))
        );
    }
    // Day labels: the first, the middle and the last.
    let count = days.len();
    let mut shown: Vec<usize> = vec![0, count / 2, count.saturating_sub(1)];
    shown.dedup();
    for i in shown.into_iter().filter(|i| *i < count) {
        // The first and the last label stay inside the drawing: anchored at its edges.
        let (x, edge) = match (i, rtl) {
            (0, false) => (left, Edge::Left),
            (0, true) => (right, Edge::Right),
            (i, false) if i + 1 == count => (right, Edge::Right),
            (i, true) if i + 1 == count => (left, Edge::Left),
            (i, false) => (left + (i as f64 + 0.5) * step, Edge::Middle),
            (i, true) => (right - (i as f64 + 0.5) * step, Edge::Middle),
        };
        text(&mut out, x, h - 8.0, &short_day(&days[i].label), lang, edge, "");
    }
    out.push_str("</svg>");
    out
}

/// Estimated provider cost per model, as bars, against the range's revenue (a line).
pub fn usage(models: &[ModelUsage], revenue: Fils, lang: Lang) -> String {
    let rtl = lang == Lang::Ar;
    let rows: Vec<&ModelUsage> = models.iter().take(10).collect();
    let row_h = 30.0;
    let (top, bottom, label_w) = (28.0, 12.0, 112.0);
    let h = top + bottom + row_h * rows.len().max(1) as f64;
    let (start, end) = if rtl { (W - label_w, 64.0) } else { (label_w, W - 64.0) };
    let span = (end - start).abs();
    let max = rows.iter().map(|m| m.cost.0).max().unwrap_or(0).max(revenue.0).max(1) as f64;
    let x_of = |v: f64| if rtl { start - v / max * span } else { start + v / max * span };
    let title = message(lang, "admin-chart-usage");
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="100%" role="img" aria-label="{}" class="chart">"#,
        esc(&title)
    );
    if rows.is_empty() {
        text(&mut out, W / 2.0, top + 4.0, &message(lang, "admin-no-usage"), lang, Edge::Middle, "");
        out.push_str("</svg>");
        return out;
    }
    let (label_x, label_edge) = if rtl { (W - 4.0, Edge::Right) } else { (4.0, Edge::Left) };
    let value_edge = if rtl { Edge::Right } else { Edge::Left };
    for (i, m) in rows.iter().enumerate() {
        let y = top + i as f64 * row_h;
        let name = if rtl { &m.name_ar } else { &m.name_en };
        text(&mut out, label_x, y + 18.0, &short(name, 16), lang, label_edge, "");
        let x = x_of(m.cost.0 as f64);
        let (x0, w) = if rtl { (x, start - x) } else { (start, x - start) };
        let amount = format_number(m.amount, lang);
        let meter = message(lang, &format!("meter-{}", m.kind));
        let _ = write!(
            out,
            r#"<rect class="bar" x="{x0:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="2"><title>{} · {} {} · {}</title></rect>"#,
            y + 6.0,
            w.max(1.0),
            row_h - 12.0,
            esc(name),
            esc(&amount),
            esc(&meter),
            esc(&format_jod(m.cost.0, lang))
        );
        let vx = if rtl { x - 6.0 } else { x + 6.0 };
        text(&mut out, vx, y + 18.0, &format_jod(m.cost.0, lang), lang, value_edge, "");
    }
    // Revenue, for comparison.
    let rx = x_of(revenue.0.max(0) as f64);
    let _ = write!(
        out,
        r#"<line class="revenue-line" x1="{rx:.1}" x2="{rx:.1}" y1="{:.1}" y2="{:.1}" stroke="currentColor" stroke-dasharray="4 3"/>"#,
        top - 6.0,
        h - bottom
    );
    let label = format!("{} {}", message(lang, "admin-revenue"), format_jod(revenue.0, lang));
    text(&mut out, rx, top - 10.0, &label, lang, Edge::Middle, "font-weight=\"700\"");
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days() -> Vec<Point> {
        vec![
            Point { label: "2026-11-01".into(), value: 3000 },
            Point { label: "2026-11-02".into(), value: 0 },
            Point { label: "2026-11-03".into(), value: 7000 },
        ]
    }

    fn bar_xs(svg: &str) -> Vec<f64> {
        svg.split("<rect")
            .skip(1)
            .map(|r| r.split("x=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap())
            .collect()
    }

    #[test]
    fn revenue_columns_run_right_to_left_in_arabic() {
        let en = revenue(&days(), Lang::En);
        let ar = revenue(&days(), Lang::Ar);
        let (e, a) = (bar_xs(&en), bar_xs(&ar));
        assert_eq!(e.len(), 3);
        assert!(e[0] < e[2], "English: the first day on the left");
        assert!(a[0] > a[2], "Arabic: the first day on the right");
        assert!(en.contains("2026-11-03 · ") && ar.contains("direction=\"rtl\""));
        assert!(en.starts_with("<svg") && en.ends_with("</svg>"));
    }

    #[test]
    fn usage_bars_grow_from_the_start_side_and_names_are_escaped() {
        let models = vec![ModelUsage {
            model: "x".into(),
            name_ar: "نموذج <تجريبي>".into(),
            name_en: "Model <test>".into(),
            kind: "images".into(),
            amount: 12,
            cost: Fils(360),
        }];
        let en = usage(&models, Fils(1000), Lang::En);
        let ar = usage(&models, Fils(1000), Lang::Ar);
        assert!(en.contains("Model &lt;test&gt;") && !en.contains("<test>"));
        let (e, a) = (bar_xs(&en)[0], bar_xs(&ar)[0]);
        assert!(e < a, "the English bar starts after the labels on the left, the Arabic one ends before them");
        assert!(ar.contains("نموذج &lt;تجريبي&gt;"));
    }
}
