//! The updater on an office network: the operating system's certificate
//! store, a CA an office installed, an HTTP CONNECT proxy from
//! `HTTPS_PROXY`, `NO_PROXY`, and loopback never proxied.
//!
//! Everything runs on 127.0.0.1: an HTTPS server (rustls) whose certificate
//! is signed by a CA made here with rcgen (valid 1975–4096, so no test
//! depends on today's date), and a CONNECT proxy written below that sends
//! the made-up name `trust.buildcert.test` to that server. Nothing else
//! resolves that name, so a fetch of `https://trust.buildcert.test/` can
//! only succeed through the proxy.
//!
//! "The system store" is what the platform verifier reads. On Linux that
//! is `SSL_CERT_FILE` when set (as `openssl` and curl do), else the
//! distribution's bundle; the tests install their CA by setting it. The
//! environment is process-wide, so every test here holds [`ENV`] for its
//! whole run and sets every variable it depends on.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use buildcert_update::{fetch_trust_list, fetch_with_options, Options};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose, SanType};

/// The name only the test proxy knows.
const REMOTE: &str = "trust.buildcert.test";

const BODY: &[u8] = b"BCTL test body: the bytes of a trust list";

/// Every environment variable the updater (or its TLS and proxy code)
/// reads.
const VARS: &[&str] = &[
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
];

static ENV: Mutex<()> = Mutex::new(());

/// Holds the environment for one test: clears every variable in [`VARS`]
/// and puts them back when dropped.
struct Env {
    saved: Vec<(&'static str, Option<std::ffi::OsString>)>,
    _lock: MutexGuard<'static, ()>,
}

impl Env {
    fn take() -> Env {
        let lock = ENV.lock().unwrap_or_else(|p| p.into_inner());
        let saved = VARS.iter().map(|v| (*v, std::env::var_os(v))).collect();
        for v in VARS {
            std::env::remove_var(v);
        }
        Env { saved, _lock: lock }
    }

    fn set(&self, var: &str, value: impl AsRef<std::ffi::OsStr>) {
        std::env::set_var(var, value);
    }

    fn unset(&self, var: &str) {
        std::env::remove_var(var);
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        for (v, value) in &self.saved {
            match value {
                Some(x) => std::env::set_var(v, x),
                None => std::env::remove_var(v),
            }
        }
    }
}

/// A CA and a server certificate it signed.
struct Pki {
    ca_pem: String,
    ca_der: Vec<u8>,
    chain: Vec<rustls::pki_types::CertificateDer<'static>>,
    key_der: Vec<u8>,
}

/// A CA named `ca_name` and a certificate for `names` (DNS names, and
/// 127.0.0.1) signed by it.
fn pki(ca_name: &str, names: &[&str]) -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(DnType::CommonName, ca_name);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);

    let key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
    leaf.subject_alt_names.push(SanType::IpAddress([127, 0, 0, 1].into()));
    leaf.distinguished_name.push(DnType::CommonName, names[0]);
    let cert = leaf.signed_by(&key, &issuer).unwrap();
    Pki {
        ca_pem: ca_cert.pem(),
        ca_der: ca_cert.der().to_vec(),
        chain: vec![cert.der().clone()],
        key_der: key.serialize_der(),
    }
}

fn write_pem(dir: &Path, name: &str, pem: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, pem).unwrap();
    p
}

/// An HTTPS server on 127.0.0.1. `connections` counts TLS handshakes
/// begun (accepted TCP connections); `served` counts requests answered.
struct Https {
    port: u16,
    connections: Arc<AtomicUsize>,
    served: Arc<AtomicUsize>,
}

fn https_server(pki: &Pki, routes: HashMap<&'static str, (&'static str, Vec<u8>)>) -> Https {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(pki.chain.clone(), rustls::pki_types::PrivateKeyDer::Pkcs8(pki.key_der.clone().into()))
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let connections = Arc::new(AtomicUsize::new(0));
    let served = Arc::new(AtomicUsize::new(0));
    let routes = Arc::new(routes);
    let (c, s) = (Arc::clone(&connections), Arc::clone(&served));
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            c.fetch_add(1, Ordering::SeqCst);
            let (config, routes, s) = (Arc::clone(&config), Arc::clone(&routes), Arc::clone(&s));
            std::thread::spawn(move || {
                let Ok(tls) = rustls::ServerConnection::new(config) else { return };
                let mut stream = rustls::StreamOwned::new(tls, conn);
                // A client that refuses the certificate fails the handshake
                // here, on the first read.
                let Some(path) = read_request_path(&mut stream) else { return };
                let (status, body) = routes.get(path.as_str()).cloned().unwrap_or(("404 Not Found", b"no".to_vec()));
                let head = format!("HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
                let extra = if status.starts_with("302") { "Location: /trust.bctl\r\n" } else { "" };
                let _ = stream.write_all(format!("{head}{extra}\r\n").as_bytes());
                let _ = stream.write_all(&body);
                let _ = stream.flush();
                stream.conn.send_close_notify();
                let _ = stream.flush();
                s.fetch_add(1, Ordering::SeqCst);
            });
        }
    });
    Https { port, connections, served }
}

/// Reads an HTTP request head; returns the path.
fn read_request_path(stream: &mut impl Read) -> Option<String> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    loop {
        let mut h = String::new();
        match reader.read_line(&mut h) {
            Ok(0) | Err(_) => return None,
            Ok(_) if h == "\r\n" => return Some(path),
            Ok(_) => {}
        }
    }
}

/// A plain HTTP server on 127.0.0.1 answering every path with [`BODY`].
fn http_server() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let served = Arc::new(AtomicUsize::new(0));
    let s = Arc::clone(&served);
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            if read_request_path(&mut conn).is_none() {
                continue;
            }
            let head = format!("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: {}\r\n\r\n", BODY.len());
            let _ = conn.write_all(head.as_bytes());
            let _ = conn.write_all(BODY);
            s.fetch_add(1, Ordering::SeqCst);
        }
    });
    (port, served)
}

/// An HTTP CONNECT proxy on 127.0.0.1. Every CONNECT target is logged.
/// `REMOTE` (any port) is tunnelled to 127.0.0.1:`https_port`; the name
/// `blocked.buildcert.test` is refused with 403, anything else with 502.
struct Proxy {
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

fn connect_proxy(https_port: u16) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let l = Arc::clone(&log);
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let l = Arc::clone(&l);
            std::thread::spawn(move || tunnel(conn, https_port, &l));
        }
    });
    Proxy { port, log }
}

fn tunnel(mut client: TcpStream, https_port: u16, log: &Mutex<Vec<String>>) {
    // Read the head byte by byte: the client sends nothing more until it
    // has the answer, and nothing read may be lost.
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match client.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
        if head.len() > 8192 {
            return;
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let mut words = head.split_whitespace();
    let (Some("CONNECT"), Some(authority)) = (words.next(), words.next()) else {
        let _ = client.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
        return;
    };
    log.lock().unwrap().push(authority.to_string());
    let host = authority.rsplit_once(':').map(|(h, _)| h).unwrap_or(authority);
    if host == "blocked.buildcert.test" {
        let _ = client.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        return;
    }
    if host != REMOTE {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        return;
    }
    let Ok(upstream) = TcpStream::connect(("127.0.0.1", https_port)) else { return };
    if client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").is_err() {
        return;
    }
    let (mut c2, mut u2) = (client.try_clone().unwrap(), upstream.try_clone().unwrap());
    let up = std::thread::spawn(move || {
        let _ = std::io::copy(&mut c2, &mut u2);
        let _ = u2.shutdown(Shutdown::Write);
    });
    let (mut u, mut c) = (upstream, client);
    let _ = std::io::copy(&mut u, &mut c);
    let _ = c.shutdown(Shutdown::Write);
    let _ = up.join();
}

fn routes() -> HashMap<&'static str, (&'static str, Vec<u8>)> {
    HashMap::from([("/trust.bctl", ("200 OK", BODY.to_vec())), ("/moved", ("302 Found", vec![]))])
}

fn assert_tls_message(e: &buildcert_update::UpdateError) {
    assert_eq!(e.code(), "trust_update_tls", "{e}");
    let m = e.localized();
    for part in ["代理", "IT 部门", "系统证书库", "手动导入信任列表"] {
        assert!(m.zh.contains(part), "zh lacks {part}: {}", m.zh);
    }
    for part in ["proxy", "IT department", "certificate store", "import the trust list file by hand"] {
        assert!(m.en.contains(part), "en lacks {part}: {}", m.en);
    }
}

#[test]
fn the_system_store_is_used_and_without_the_office_ca_the_error_says_why() {
    let env = Env::take();
    let dir = tempfile::tempdir().unwrap();
    let office = pki("BuildCert test office CA", &["localhost", REMOTE]);
    let stranger = pki("Some other CA", &["localhost"]);
    let server = https_server(&office, routes());
    let url = format!("https://localhost:{}/trust.bctl", server.port);

    // 1. The office CA is in no store: the system's (this machine's bundle)
    //    and the built-in roots are both tried, both refuse, and the
    //    message names the office proxy and the two ways out.
    let e = fetch_trust_list(&url).unwrap_err();
    assert_tls_message(&e);
    assert!(e.localized().en.contains("localhost"), "{e}");
    assert_eq!(server.connections.load(Ordering::SeqCst), 2, "the system store, then the built-in roots");
    assert_eq!(server.served.load(Ordering::SeqCst), 0);

    // 2. The office CA installed in the system store: accepted.
    env.set("SSL_CERT_FILE", write_pem(dir.path(), "office.pem", &office.ca_pem));
    let got = fetch_trust_list(&url).unwrap();
    assert_eq!(got.bytes, BODY);
    assert_eq!(got.url, url);
    assert_eq!(server.connections.load(Ordering::SeqCst), 3, "the system store accepted it at once");
    // A redirect on the same server is followed over TLS too.
    let moved = fetch_trust_list(&format!("https://localhost:{}/moved", server.port)).unwrap();
    assert_eq!((moved.bytes.as_slice(), moved.url.as_str()), (BODY, url.as_str()));

    // 3. A different CA in the store: refused again, so it is the file's
    //    content that decided, not the variable being set.
    env.set("SSL_CERT_FILE", write_pem(dir.path(), "stranger.pem", &stranger.ca_pem));
    assert_tls_message(&fetch_trust_list(&url).unwrap_err());

    // 4. The right CA, the wrong name: a certificate for localhost is no
    //    good for 127.0.0.2 (which also reaches this computer).
    let other = pki("BuildCert test office CA 2", &["localhost"]);
    env.set("SSL_CERT_FILE", write_pem(dir.path(), "other.pem", &other.ca_pem));
    let named = https_server(&other, routes());
    assert_eq!(fetch_trust_list(&format!("https://localhost:{}/trust.bctl", named.port)).unwrap().bytes, BODY);
    // The leaf also names 127.0.0.1; 127.0.0.2 is not in it.
    if TcpStream::connect(("127.0.0.2", named.port)).is_ok() {
        let e = fetch_trust_list(&format!("https://127.0.0.2:{}/trust.bctl", named.port)).unwrap_err();
        assert_tls_message(&e);
    }
}

#[test]
fn extra_roots_are_tried_after_the_system_store_and_the_built_in_roots() {
    let _env = Env::take();
    let office = pki("BuildCert test office CA", &["localhost"]);
    let stranger = pki("Some other CA", &["localhost"]);
    let server = https_server(&office, routes());
    let url = format!("https://localhost:{}/trust.bctl", server.port);

    let with = |der: &[u8]| Options { extra_roots: vec![der.to_vec()], ..Options::default() };
    let got = fetch_with_options(&url, &with(&office.ca_der)).unwrap();
    assert_eq!(got.bytes, BODY);
    assert_eq!(server.connections.load(Ordering::SeqCst), 3, "system, built-in, then the extra root");

    assert_tls_message(&fetch_with_options(&url, &with(&stranger.ca_der)).unwrap_err());
    assert_tls_message(&fetch_with_options(&url, &with(b"not a certificate")).unwrap_err());
    assert_eq!(server.served.load(Ordering::SeqCst), 1);
}

#[test]
fn https_proxy_is_used_for_a_remote_host_and_no_proxy_bypasses_it() {
    let env = Env::take();
    let dir = tempfile::tempdir().unwrap();
    let office = pki("BuildCert test office CA", &["localhost", REMOTE]);
    let server = https_server(&office, routes());
    let proxy = connect_proxy(server.port);
    env.set("SSL_CERT_FILE", write_pem(dir.path(), "office.pem", &office.ca_pem));
    let remote = format!("https://{REMOTE}/trust.bctl");

    // Without a proxy the made-up name does not resolve.
    assert_eq!(fetch_trust_list(&remote).unwrap_err().code(), "trust_update_offline");
    assert!(proxy.log().is_empty());

    // HTTPS_PROXY: the fetch goes through the proxy, TLS end to end.
    env.set("HTTPS_PROXY", format!("http://127.0.0.1:{}", proxy.port));
    let got = fetch_trust_list(&remote).unwrap();
    assert_eq!(got.bytes, BODY);
    assert_eq!(proxy.log(), vec![format!("{REMOTE}:443")]);

    // The lower-case spelling works as well.
    env.unset("HTTPS_PROXY");
    env.set("https_proxy", format!("http://127.0.0.1:{}", proxy.port));
    assert_eq!(fetch_trust_list(&remote).unwrap().bytes, BODY);
    assert_eq!(proxy.log().len(), 2);

    // NO_PROXY naming the domain (curl's rule: it covers the names under
    // it), a leading dot, `*`, or the name among others with spaces: no
    // proxy, so the name does not resolve and the proxy sees nothing.
    for list in ["buildcert.test", ".buildcert.test", "*", "example.org, trust.buildcert.test:443"] {
        env.set("NO_PROXY", list);
        let e = fetch_trust_list(&remote).unwrap_err();
        assert_eq!(e.code(), "trust_update_offline", "NO_PROXY={list}: {e}");
        assert_eq!(proxy.log().len(), 2, "NO_PROXY={list}");
    }
    // A list that does not name it leaves the proxy in use.
    env.set("NO_PROXY", "example.org,notbuildcert.test,10.0.0.0/8");
    assert_eq!(fetch_trust_list(&remote).unwrap().bytes, BODY);
    assert_eq!(proxy.log().len(), 3);
    env.unset("NO_PROXY");

    // Loopback is never proxied, with any proxy set and no NO_PROXY: the
    // HTTPS server by name, and a plain HTTP server by address.
    env.set("HTTPS_PROXY", format!("http://127.0.0.1:{}", proxy.port));
    env.set("HTTP_PROXY", format!("http://127.0.0.1:{}", proxy.port));
    env.set("ALL_PROXY", format!("http://127.0.0.1:{}", proxy.port));
    assert_eq!(fetch_trust_list(&format!("https://localhost:{}/trust.bctl", server.port)).unwrap().bytes, BODY);
    let (http_port, http_served) = http_server();
    for host in ["127.0.0.1", "localhost"] {
        assert_eq!(fetch_trust_list(&format!("http://{host}:{http_port}/trust.bctl")).unwrap().bytes, BODY);
    }
    assert_eq!(http_served.load(Ordering::SeqCst), 2);
    assert_eq!(proxy.log().len(), 3, "no loopback fetch went through the proxy");
}

#[test]
fn proxy_failures_and_an_inspecting_proxy_say_what_to_do() {
    let env = Env::take();
    let office = pki("BuildCert test office CA", &["localhost", REMOTE]);
    let server = https_server(&office, routes());
    let proxy = connect_proxy(server.port);
    let proxy_addr = format!("127.0.0.1:{}", proxy.port);
    env.set("HTTPS_PROXY", format!("http://{proxy_addr}"));

    // The office CA is not installed: the proxy tunnels, but the
    // certificate it shows is not trusted (what TLS inspection looks like).
    let e = fetch_trust_list(&format!("https://{REMOTE}/trust.bctl")).unwrap_err();
    assert_tls_message(&e);
    assert!(e.localized().zh.contains(REMOTE), "{e}");

    // The proxy refuses the host.
    let e = fetch_trust_list("https://blocked.buildcert.test/trust.bctl").unwrap_err();
    assert_eq!(e.code(), "trust_update_proxy", "{e}");
    let m = e.localized();
    assert!(m.en.contains(&proxy_addr) && m.en.contains("403") && m.en.contains("IT department"), "{}", m.en);
    assert!(m.zh.contains(&proxy_addr) && m.zh.contains("代理") && m.zh.contains("手动导入"), "{}", m.zh);

    // Nothing listens where the proxy should be.
    let dead = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    env.set("HTTPS_PROXY", format!("http://127.0.0.1:{dead}"));
    let e = fetch_trust_list(&format!("https://{REMOTE}/trust.bctl")).unwrap_err();
    assert_eq!(e.code(), "trust_update_proxy", "{e}");
    assert!(e.localized().en.contains(&format!("127.0.0.1:{dead}")), "{e}");

    // A SOCKS proxy is refused before anything is connected to.
    env.set("HTTPS_PROXY", format!("socks5://127.0.0.1:{}", proxy.port));
    let before = proxy.log().len();
    let e = fetch_trust_list(&format!("https://{REMOTE}/trust.bctl")).unwrap_err();
    assert_eq!(e.code(), "trust_update_proxy", "{e}");
    assert!(e.localized().en.contains("SOCKS"), "{e}");
    assert_eq!(proxy.log().len(), before);
}
