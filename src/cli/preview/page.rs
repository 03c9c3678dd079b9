//! The preview's HTML: the list of reports, what the last build found
//! wrong, and the chosen report's pages, each an SVG image with its text
//! laid over it (transparent, so that it can be searched, selected and
//! read aloud). Every text from the data is escaped here.

use std::fmt::Write;

use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::model::Document;
use typst_layout::Page;

use super::State;

/// The whole page: the shell with the content of `fragment` in it.
pub fn whole(state: &State, chosen: Option<&str>) -> String {
    include_str!("index.html").replace("<!--innehåll-->", &fragment(state, chosen))
}

/// The list of reports, the last build's problems and the chosen report's
/// pages (the latest made when none is chosen, or the chosen one is gone).
pub fn fragment(state: &State, chosen: Option<&str>) -> String {
    let key = chosen
        .filter(|k| state.reports.contains_key(*k))
        .or(state.latest.as_deref())
        .or(state.reports.keys().next().map(String::as_str));
    // The reports by folder (one nämnd's), under the nämnd's name.
    let mut html = String::from("<nav aria-label=\"Rapporter\">");
    let mut reports: Vec<_> = state.reports.iter().collect();
    reports.sort_by(|(a, x), (b, y)| (folder_of(a), x.kind).cmp(&(folder_of(b), y.kind)));
    let mut folder = None;
    for (k, shown) in reports {
        let (here, file) = (folder_of(k), file_of(k));
        let info = shown.document.info();
        if folder != Some(here) {
            if folder.is_some() {
                html.push_str("</ul>");
            }
            let namnd = info.author.first().map_or(here, |a| a.as_str());
            let _ = write!(html, "<h2>{}</h2><ul>", escape(namnd));
            folder = Some(here);
        }
        let current = if Some(k.as_str()) == key {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(
            html,
            "<li><a href=\"/?r={}\" data-r=\"{}\"{current}>{}<small>{}.pdf</small></a></li>",
            url(k),
            escape(k),
            escape(info.title.as_deref().unwrap_or(file)),
            escape(file)
        );
    }
    if folder.is_some() {
        html.push_str("</ul>");
    }
    html.push_str("</nav><main>");
    if !state.problems.is_empty() {
        let _ = write!(
            html,
            "<div class=\"fel\" role=\"alert\"><p>Det senaste bygget hittade fel; sidorna nedan är från det senaste lyckade.</p><pre>{}</pre></div>",
            escape(&state.problems)
        );
    }
    match key.and_then(|k| Some((k, state.reports.get(k)?))) {
        Some((k, shown)) => {
            let pages = shown.document.pages();
            for (i, page) in pages.iter().enumerate() {
                let n = i + 1;
                let size = page.frame.size();
                let (w, h) = (size.x.to_pt(), size.y.to_pt());
                let _ = write!(
                    html,
                    "<section class=\"sida\" aria-label=\"Sida {n} av {}\" style=\"aspect-ratio:{w:.2}/{h:.2}\">\
                     <img src=\"/sida?r={}&amp;s={n}&amp;b={}\" alt=\"\" width=\"{w:.0}\" height=\"{h:.0}\">\
                     <div class=\"text\">{}</div></section>",
                    pages.len(),
                    url(k),
                    shown.build,
                    text_layer(page)
                );
            }
        }
        None => html.push_str("<p class=\"tom\">Inga rapporter är gjorda ännu.</p>"),
    }
    html.push_str("</main>");
    html
}

/// `servicenamnden/vor-2025` → `servicenamnden`; the roll-up has none.
fn folder_of(key: &str) -> &str {
    key.rsplit_once('/').map_or("", |(folder, _)| folder)
}

fn file_of(key: &str) -> &str {
    key.rsplit_once('/').map_or(key, |(_, file)| file)
}

/// One span per run of text, placed where it lies on the page, sized in
/// hundredths of the page's width so that it follows the image's size.
fn text_layer(page: &Page) -> String {
    let size = page.frame.size();
    let (w, h) = (size.x.to_pt(), size.y.to_pt());
    let mut runs = Vec::new();
    collect(&page.frame, Transform::identity(), &mut runs);
    let mut html = String::new();
    for (at, pt, text) in runs {
        let _ = write!(
            html,
            "<span style=\"left:{:.2}%;top:{:.2}%;font-size:{:.3}cqw\">{}</span>",
            at.x.to_pt() / w * 100.0,
            // The run's baseline, less about a line's ascent.
            (at.y.to_pt() - 0.8 * pt) / h * 100.0,
            pt / w * 100.0,
            escape(&text)
        );
    }
    html
}

/// Each run of text in `frame`: where its baseline starts, its size in
/// points and its text.
fn collect(frame: &Frame, ts: Transform, runs: &mut Vec<(Point, f64, String)>) {
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => {
                collect(&group.frame, here.pre_concat(group.transform), runs)
            }
            FrameItem::Text(text) => runs.push((
                Point::zero().transform(here),
                text.size.to_pt(),
                text.text.to_string(),
            )),
            _ => {}
        }
    }
}

/// Text as HTML text or attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A report's key as part of an address: everything but letters, digits
/// and `-_./` percent-encoded, byte by byte.
pub fn url(key: &str) -> String {
    let mut out = String::new();
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_from_the_data() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn encodes_swedish_letters_in_addresses() {
        assert_eq!(url("sammanställning-2025"), "sammanst%C3%A4llning-2025");
        assert_eq!(url("a b/vor-2025"), "a%20b/vor-2025");
    }
}
