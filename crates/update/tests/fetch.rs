//! Fetching from a small HTTP server on 127.0.0.1 (a thread with a std
//! `TcpListener`), then importing into a wallet, which verifies and applies
//! the seq rule.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

use buildcert_update::{fetch_trust_list, fetch_with, Limits, MAX_BYTES};
use buildcert_wallet::testutil::{issuer, root_hex, trust_bytes};
use buildcert_wallet::Wallet;

/// What the server answers for a path: status line, extra headers, body.
#[derive(Clone)]
struct Reply {
    status: &'static str,
    headers: Vec<String>,
    body: Vec<u8>,
    /// Send `Content-Length`; without it the body ends when the connection closes.
    length: bool,
}

fn ok(body: Vec<u8>) -> Reply {
    Reply { status: "200 OK", headers: vec![], body, length: true }
}

/// Starts the server; returns its base address (`http://127.0.0.1:PORT`).
/// The thread serves one request per connection until the test ends.
fn serve(routes: HashMap<&'static str, Reply>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes = Arc::new(routes);
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let routes = Arc::clone(&routes);
            std::thread::spawn(move || answer(conn, &routes));
        }
    });
    base
}

fn answer(mut conn: TcpStream, routes: &HashMap<&'static str, Reply>) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    loop {
        let mut h = String::new();
        match reader.read_line(&mut h) {
            Ok(0) | Err(_) => break,
            Ok(_) if h == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let reply = routes.get(path.as_str()).cloned().unwrap_or(Reply {
        status: "404 Not Found",
        headers: vec![],
        body: b"not found".to_vec(),
        length: true,
    });
    let mut head = format!("HTTP/1.1 {}\r\nConnection: close\r\n", reply.status);
    for h in &reply.headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    if reply.length {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("\r\n");
    // The client may hang up early (size cap): write errors are expected.
    let _ = conn.write_all(head.as_bytes());
    let _ = conn.write_all(&reply.body);
    let _ = conn.flush();
}

fn lists() -> (Vec<u8>, Vec<u8>) {
    let key = issuer().verifying_key();
    (trust_bytes(1, &[key], &[]), trust_bytes(2, &[key], &["0000000000000042"]))
}

#[test]
fn fetches_a_signed_list_and_the_wallet_refuses_a_rollback() {
    let (one, two) = lists();
    let base = serve(HashMap::from([
        ("/trust.bctl", ok(two.clone())),
        ("/old.bctl", ok(one.clone())),
        (
            "/moved",
            Reply { status: "302 Found", headers: vec!["Location: /trust.bctl".into()], body: vec![], length: true },
        ),
    ]));

    let got = fetch_trust_list(&format!("{base}/trust.bctl")).unwrap();
    assert_eq!(got.bytes, two);
    assert_eq!(got.url, format!("{base}/trust.bctl"));
    // A redirect on the same loopback server is followed.
    let moved = fetch_trust_list(&format!("{base}/moved")).unwrap();
    assert_eq!(moved.bytes, two);
    assert_eq!(moved.url, format!("{base}/trust.bctl"));

    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::open(dir.path()).unwrap();
    w.pin_root(&root_hex(), "test root", true).unwrap();
    let imported = w.import_trust_list(&got.bytes, &[], 1_790_000_000).unwrap();
    assert_eq!((imported.info.seq, imported.info.revoked), (2, 1));

    let old = fetch_trust_list(&format!("{base}/old.bctl")).unwrap();
    assert_eq!(old.bytes, one);
    let refused = w.import_trust_list(&old.bytes, &[], 1_790_000_100).unwrap_err();
    assert_eq!(refused.code(), "trust_list_rollback", "{refused}");
    let history = w.trust_history().unwrap();
    assert_eq!(history.iter().map(|h| h.seq).collect::<Vec<_>>(), vec![2]);
}

#[test]
fn an_oversize_body_is_cut_off_while_reading() {
    let big = vec![0x42u8; (MAX_BYTES as usize) * 2];
    let base = serve(HashMap::from([
        // No Content-Length: only the reading itself can stop it.
        ("/stream", Reply { status: "200 OK", headers: vec![], body: big.clone(), length: false }),
        ("/declared", ok(big)),
        ("/small", ok(vec![7u8; 100])),
    ]));
    for path in ["/stream", "/declared"] {
        let e = fetch_trust_list(&format!("{base}{path}")).unwrap_err();
        assert_eq!(e.code(), "trust_update_too_large", "{path}: {e}");
        assert!(e.to_string().contains(&MAX_BYTES.to_string()), "{e}");
    }
    // A lower cap applies as given; a body under it passes.
    let limits = Limits { max_bytes: 99, ..Limits::default() };
    assert_eq!(fetch_with(&format!("{base}/small"), &limits).unwrap_err().code(), "trust_update_too_large");
    let limits = Limits { max_bytes: 100, ..Limits::default() };
    assert_eq!(fetch_with(&format!("{base}/small"), &limits).unwrap().bytes.len(), 100);
}

#[test]
fn http_errors_and_refused_redirects_say_what_to_do() {
    let base = serve(HashMap::from([
        (
            "/to-http",
            Reply {
                status: "301 Moved Permanently",
                headers: vec!["Location: http://example.invalid/trust.bctl".into()],
                body: vec![],
                length: true,
            },
        ),
        ("/loop", Reply { status: "302 Found", headers: vec!["Location: /loop".into()], body: vec![], length: true }),
        ("/empty", ok(vec![])),
    ]));
    let e = fetch_trust_list(&format!("{base}/missing.bctl")).unwrap_err();
    assert_eq!(e.code(), "trust_update_http_status");
    assert!(e.zh().contains("404") && e.en().contains("404") && e.en().contains("by hand"), "{e}");

    let e = fetch_trust_list(&format!("{base}/to-http")).unwrap_err();
    assert_eq!(e.code(), "trust_update_redirect", "{e}");
    assert!(e.en().contains("non-https"), "{e}");

    let e = fetch_trust_list(&format!("{base}/loop")).unwrap_err();
    assert_eq!(e.code(), "trust_update_redirect", "{e}");

    assert_eq!(fetch_trust_list(&format!("{base}/empty")).unwrap_err().code(), "trust_update_failed");
}

#[test]
fn nothing_listening_is_offline_with_the_hand_import_hint() {
    // Bind then drop: the port is free and nothing answers on it.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let e = fetch_trust_list(&format!("http://127.0.0.1:{port}/trust.bctl")).unwrap_err();
    assert_eq!(e.code(), "trust_update_offline", "{e}");
    assert!(e.zh().contains("手动导入"), "{e}");
    assert!(e.en().contains("import the trust list file by hand"), "{e}");
}

#[test]
fn plain_http_to_another_host_is_refused_before_connecting() {
    assert_eq!(fetch_trust_list("http://example.invalid/trust.bctl").unwrap_err().code(), "trust_url_not_https");

    // `[::ffff:127.0.0.1]` reaches this computer's 127.0.0.1 listener, but
    // it is not one of the loopback names the rule allows: the fetch must
    // refuse it without opening a connection.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("http://[::ffff:127.0.0.1]:{port}/trust.bctl");
    let e = fetch_trust_list(&url).unwrap_err();
    assert_eq!(e.code(), "trust_url_not_https", "{e}");
    assert!(e.to_string().contains(&url));
    let nothing = listener.accept().map(|_| ()).unwrap_err();
    assert_eq!(nothing.kind(), std::io::ErrorKind::WouldBlock, "the refused fetch connected");

    // The same address does reach the listener when connected to directly
    // (where IPv4-mapped addresses work), so the check above is meaningful.
    if TcpStream::connect(format!("[::ffff:127.0.0.1]:{port}")).is_ok() {
        listener.set_nonblocking(false).unwrap();
        assert!(listener.accept().is_ok());
    }
}
