//! A small HTTP server on 127.0.0.1, one thread per connection: the page
//! (`/`), its content (`/innehall`), each page as SVG (`/sida`) and a stream
//! of server-sent events (`/handelser`) that says when a build finished.
//! It answers only requests addressed to itself by name (`Host`), so that
//! no other web page can read the reports through the reader's browser.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use typst_svg::SvgOptions;

use super::{Preview, page};

/// An event stream says something this often, so that a closed one is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Listens on 127.0.0.1:`port` (any free port for 0) and serves `preview`
/// on threads of its own; the address it listens on.
pub fn serve(preview: Arc<Preview>, port: u16) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let address = listener.local_addr()?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let preview = Arc::clone(&preview);
            std::thread::spawn(move || {
                let _ = answer(&preview, stream, address);
            });
        }
    });
    Ok(address)
}

struct Request {
    path: String,
    query: Vec<(String, String)>,
}

impl Request {
    fn get(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn answer(preview: &Preview, stream: TcpStream, address: SocketAddr) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    let (method, target, host) = read_head(&mut reader)?;
    let ours = [
        format!("127.0.0.1:{}", address.port()),
        format!("localhost:{}", address.port()),
    ];
    if !ours.contains(&host) {
        return respond(&mut out, "403 Forbidden", "text/plain", b"fel adress");
    }
    if method != "GET" {
        return respond(
            &mut out,
            "405 Method Not Allowed",
            "text/plain",
            b"bara GET",
        );
    }
    let request = parse_target(&target);
    let state = || preview.lock();
    match request.path.as_str() {
        "/" => {
            let html = page::whole(&state(), request.get("r"));
            respond(
                &mut out,
                "200 OK",
                "text/html; charset=utf-8",
                html.as_bytes(),
            )
        }
        "/innehall" => {
            let html = page::fragment(&state(), request.get("r"));
            respond(
                &mut out,
                "200 OK",
                "text/html; charset=utf-8",
                html.as_bytes(),
            )
        }
        "/sida" => {
            let svg = {
                let state = state();
                let n: usize = request.get("s").and_then(|s| s.parse().ok()).unwrap_or(0);
                request
                    .get("r")
                    .and_then(|k| state.reports.get(k))
                    .and_then(|shown| shown.document.pages().get(n.wrapping_sub(1)).cloned())
            };
            match svg {
                // Rendered outside the lock: a build may be handing over pages.
                Some(page) => {
                    let svg = typst_svg::svg(&page, &SvgOptions::default());
                    respond(&mut out, "200 OK", "image/svg+xml", svg.as_bytes())
                }
                None => respond(
                    &mut out,
                    "404 Not Found",
                    "text/plain",
                    "ingen sådan sida".as_bytes(),
                ),
            }
        }
        "/handelser" => events(preview, &mut out),
        _ => respond(&mut out, "404 Not Found", "text/plain", b"finns inte"),
    }
}

/// Sends the number of builds finished each time a build finishes, until
/// the browser goes away.
fn events(preview: &Preview, out: &mut TcpStream) -> std::io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\r\n",
    )?;
    let mut seen = preview.lock().builds;
    loop {
        let builds = preview.wait(seen, KEEP_ALIVE);
        if builds > seen {
            write!(out, "data: {builds}\n\n")?;
            seen = builds;
        } else {
            out.write_all(b":\n\n")?;
        }
        out.flush()?;
    }
}

/// The request line's method and target, and the Host header.
fn read_head(reader: &mut impl BufRead) -> std::io::Result<(String, String, String)> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut words = line.split_whitespace();
    let method = words.next().unwrap_or_default().to_owned();
    let target = words.next().unwrap_or_default().to_owned();
    let mut host = String::new();
    // The headers, at most a hundred of them.
    for _ in 0..100 {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("host")
        {
            host = value.trim().to_owned();
        }
    }
    Ok((method, target, host))
}

fn parse_target(target: &str) -> Request {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    Request {
        path: decode(path),
        query,
    }
}

/// Percent-decoding (`+` as a space), as the page's `encodeURIComponent` writes.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| {
            text.get(j..j + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        match bytes[i] {
            b'%' if hex(i + 1).is_some() => {
                out.extend(hex(i + 1));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn respond(out: &mut TcpStream, status: &str, kind: &str, body: &[u8]) -> std::io::Result<()> {
    // A page's address names the build that made it, so it never changes.
    let cache = if kind == "image/svg+xml" {
        "max-age=31536000, immutable"
    } else {
        "no-store"
    };
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: {cache}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    out.write_all(body)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_the_page_encodes() {
        let request = parse_target("/sida?r=sammanst%C3%A4llning-2025&s=2");
        assert_eq!(request.path, "/sida");
        assert_eq!(request.get("r"), Some("sammanställning-2025"));
        assert_eq!(request.get("s"), Some("2"));
        assert_eq!(decode("a+b%2"), "a b%2");
    }
}
