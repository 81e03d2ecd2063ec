//! `hookpad preview` end to end: the example integration, every sample event, and a curl export
//! that delivers the exact body to a local listener.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use hookpad_core::request::{HeaderValue, Request};

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../hookpad-core/samples/integration")
}

#[test]
fn previews_every_sample_event_of_the_example() {
    let out = Command::new(env!("CARGO_BIN_EXE_hookpad"))
        .arg("preview")
        .arg(example_dir())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for sample in hookpad_core::samples::EVENTS {
        assert!(
            stdout.contains(&format!("### sample {} [preview]", sample.name)),
            "{stdout}"
        );
    }
    // Unset form variables take the manifest's `defaultValue`s, as the page fills them in.
    assert!(
        stdout.contains("POST https://chat.example.com/hooks/launchdarkly?channel=releases"),
        "{stdout}"
    );
    let placeholders = Command::new(env!("CARGO_BIN_EXE_hookpad"))
        .arg("preview")
        .arg(example_dir())
        .args(["--sample", "flag-toggle", "--placeholders"])
        .output()
        .unwrap();
    let placeholders = String::from_utf8_lossy(&placeholders.stdout);
    assert!(
        placeholders.contains("POST https://baseUrl.com/hooks/launchdarkly?channel=channel"),
        "{placeholders}"
    );
}

#[test]
fn a_failing_render_exits_with_status_1() {
    let dir = std::env::temp_dir().join(format!("hookpad-preview-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("manifest.json"),
        r#"{"capabilities": {"auditLogEventsHook": {"endpoint": {"url": "https://x.test", "method": "POST"},
            "templates": {"default": "templates/default.json.hbs"}}}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("templates/default.json.hbs"),
        "{\"c\": \"{{nothere}}\"}",
    )
    .unwrap();
    let run = |dialect: &str| {
        Command::new(env!("CARGO_BIN_EXE_hookpad"))
            .args([
                "preview",
                dir.to_str().unwrap(),
                "--sample",
                "flag-toggle",
                "--dialect",
                dialect,
            ])
            .output()
            .unwrap()
    };
    let preview = run("preview");
    assert_eq!(preview.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&preview.stdout).contains("templates/default.json.hbs:1:10"));
    // raymond renders the missing field as empty: the production render succeeds, with a warning.
    let production = run("production");
    assert_eq!(production.status.code(), Some(0));
    let out = String::from_utf8_lossy(&production.stdout);
    assert!(
        out.contains(
            "warning: template:templates/default.json.hbs:1:10: renders as empty in production"
        ),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Accepts one HTTP request on `listener` and returns its raw bytes.
fn receive(listener: &TcpListener) -> Vec<u8> {
    let (mut stream, _) = listener.accept().unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).unwrap_or(0);
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&data);
        if let Some(head_end) = text.find("\r\n\r\n") {
            let length = text[..head_end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            if data.len() >= head_end + 4 + length {
                break;
            }
        }
    }
    stream
        .write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
        .ok();
    data
}

#[test]
fn curl_export_survives_quotes_ampersands_dollars_and_newlines() {
    if Command::new("curl").arg("--version").output().is_err() {
        // scripts/install-tools installs curl; under CI a missing tool is a failure, not a skip.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "curl is not installed (scripts/install-tools installs it)"
        );
        eprintln!("SKIPPED: curl is not installed (run scripts/install-tools)");
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let nasty = "it's \"quoted\" & $HOME `id` \\ back\nnew line $(echo no)";
    let request = Request {
        method: "POST".into(),
        url: format!("http://127.0.0.1:{port}/hook?a=1&b=$x"),
        headers: vec![HeaderValue {
            name: "X-Test".into(),
            value: "it's & $PATH".into(),
        }],
        body: nasty.into(),
    };
    let command = request.to_curl();
    let server = std::thread::spawn(move || receive(&listener));
    let status = Command::new("sh").arg("-c").arg(&command).output().unwrap();
    let received = String::from_utf8(server.join().unwrap()).unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(
        received.starts_with("POST /hook?a=1&b=$x HTTP/1.1\r\n"),
        "{received}"
    );
    assert!(
        received.contains("\r\nX-Test: it's & $PATH\r\n"),
        "{received}"
    );
    assert!(
        received.ends_with(&format!("\r\n\r\n{nasty}")),
        "{received}"
    );
}
