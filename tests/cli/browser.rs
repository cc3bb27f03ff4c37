//! The report in a real browser: headless Chromium opens the page from
//! `file://` and is driven through the DevTools protocol over a pipe (the
//! `--remote-debugging-pipe` of Puppeteer: NUL-terminated JSON on file
//! descriptors 3 and 4, no network socket). It checks that the table holds
//! as many rows as `deals list`, that the page logs no error and requests
//! nothing, that it sorts, prints and fits a phone, that screenshots at
//! 1280×800 and 390×844 are not blank, and that a hostile dataset runs no
//! script. The harness checks itself too: a page with a broken script hash
//! must log an error, and a page without its policy that loads an image
//! must be seen to request it.
//!
//! Without Chromium the test says it was skipped and passes, unless
//! `CI=true`, where a missing browser fails. `DEALS_CHROMIUM` names the
//! browser to use; `DEALS_SCREENSHOT_DIR`, a directory to keep the
//! screenshots of the bundled report in.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, PipeWriter, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

use crate::report::{hostile_dataset, mixed_dataset};
use crate::{data_file, deals, json_of};

/// How long one step may take before the browser is taken to be stuck.
/// Not a measure of speed: a step takes well under a second.
const STUCK: Duration = Duration::from_secs(90);

#[test]
fn the_report_in_a_real_browser() {
    let Some(exe) = chromium() else {
        let message =
            "no Chromium found (install the Debian package chromium, or set DEALS_CHROMIUM)";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true: the browser test must run, but {message}");
        }
        // Past the test harness's capture, so that a plain `cargo test` shows it.
        let _ = writeln!(
            std::io::stderr(),
            "browser::the_report_in_a_real_browser: skipped: {message}"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut browser = Browser::launch(&exe, dir.path());

    bundled_report(&mut browser, dir.path());
    filtered_reports(&mut browser, dir.path());
    hostile_report(&mut browser, dir.path());
    harness_sees_errors_and_requests(&mut browser, dir.path());
}

/// The bundled dataset's report: rows, sorting, screenshots, phone, print.
fn bundled_report(browser: &mut Browser, dir: &Path) {
    let page = write_report(dir, "bundled.html", None, &[]);
    let listed = json_of(&["list", "--json"]).as_array().unwrap().len();

    let mut tab = browser.open(&page, 1280, 800);
    assert!(
        tab.requests().contains(&tab.url),
        "the page's own load was not seen"
    );
    assert_eq!(
        tab.number("document.querySelectorAll('#deals-table tbody tr').length"),
        listed as f64
    );
    let wide = tab.screenshot();
    assert_not_blank(&wide, "1280×800");

    // Sorting: the first click sorts ascending, the next descending; an
    // undisclosed value sorts last both ways.
    let dates = "Array.from(document.querySelectorAll('#deals-table tbody tr td:first-child')).map(td => td.textContent)";
    tab.eval("document.querySelectorAll('#deals-table thead th button')[0].click()");
    let ascending = tab.strings(dates);
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "{ascending:?}");
    tab.eval("document.querySelectorAll('#deals-table thead th button')[0].click()");
    let descending = tab.strings(dates);
    assert!(
        descending.windows(2).all(|w| w[0] >= w[1]),
        "{descending:?}"
    );
    let values = "Array.from(document.querySelectorAll('#deals-table tbody tr td:nth-child(4)')).map(td => td.getAttribute('data-sort'))";
    for _ in 0..2 {
        tab.eval("document.querySelectorAll('#deals-table thead th button')[3].click()");
        let keys = tab.strings(values);
        let disclosed = keys.iter().take_while(|k| !k.is_empty()).count();
        assert!(
            keys[disclosed..].iter().all(|k| k.is_empty()),
            "undisclosed last: {keys:?}"
        );
    }
    assert_eq!(
        tab.number("document.querySelectorAll('#deals-table tbody tr').length"),
        listed as f64
    );

    // Print: no dark background, nothing fixed or sticky, tables unclipped.
    tab.call("Emulation.setEmulatedMedia", json!({"media": "print"}));
    assert_eq!(
        tab.string("getComputedStyle(document.body).backgroundColor"),
        "rgb(255, 255, 255)"
    );
    assert_eq!(
        tab.number("Array.from(document.querySelectorAll('*')).filter(e => ['fixed', 'sticky'].includes(getComputedStyle(e).position)).length"),
        0.0
    );
    assert_eq!(
        tab.string("getComputedStyle(document.querySelector('.scroll')).overflowX"),
        "visible"
    );
    let pdf = tab.call("Page.printToPDF", json!({}));
    assert!(pdf["data"].as_str().is_some_and(|d| d.len() > 1000));
    tab.call("Emulation.setEmulatedMedia", json!({"media": ""}));
    tab.assert_quiet();
    drop(tab);

    // A phone: the page itself never scrolls sideways; wide tables scroll
    // inside their own box.
    let mut phone = browser.open(&page, 390, 844);
    assert_eq!(
        phone.number("document.querySelectorAll('#deals-table tbody tr').length"),
        listed as f64
    );
    assert!(
        phone.number("document.documentElement.scrollWidth") <= 390.0,
        "the page scrolls sideways on a phone: {} px wide",
        phone.number("document.documentElement.scrollWidth")
    );
    let narrow = phone.screenshot();
    assert_not_blank(&narrow, "390×844");
    phone.assert_quiet();

    if let Some(keep) = std::env::var_os("DEALS_SCREENSHOT_DIR") {
        let keep = PathBuf::from(keep);
        std::fs::write(keep.join("report-1280.png"), &wide).expect("keep a screenshot");
        std::fs::write(keep.join("report-390.png"), &narrow).expect("keep a screenshot");
    }
}

/// Reports with filters and a crafted dataset hold as many rows as `deals
/// list` gives for the same filters.
fn filtered_reports(browser: &mut Browser, dir: &Path) {
    let (_data_dir, data) = data_file("mixed.json", &mixed_dataset().to_string());
    let cases: [(Option<&Path>, &[&str]); 4] = [
        (None, &["--year", "2025"]),
        (None, &["--party", "OpenAI", "--evidence", "press"]),
        (Some(&data), &[]),
        (Some(&data), &["--seller", "Beta Cloud"]),
    ];
    for (n, (data, filters)) in cases.into_iter().enumerate() {
        let page = write_report(dir, &format!("filtered-{n}.html"), data, filters);
        let mut list = vec!["list", "--json"];
        list.extend_from_slice(filters);
        let mut command = deals();
        if let Some(data) = data {
            command.arg("--data").arg(data);
        }
        let output = command.args(&list).output().unwrap();
        let listed: Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut tab = browser.open(&page, 1280, 800);
        assert_eq!(
            tab.number("document.querySelectorAll('#deals-table tbody tr').length"),
            listed.as_array().unwrap().len() as f64,
            "{filters:?}"
        );
        tab.assert_quiet();
    }
}

/// A dataset whose names and summaries hold markup, template syntax and
/// bidi overrides: it shows as text and runs nothing.
fn hostile_report(browser: &mut Browser, dir: &Path) {
    let (_data_dir, data) = data_file("hostile.json", &hostile_dataset().to_string());
    let page = write_report(dir, "hostile.html", Some(&data), &[]);
    let mut tab = browser.open(&page, 1280, 800);
    assert_eq!(tab.string("typeof window.pwned"), "undefined");
    assert_eq!(tab.string("document.title"), "AI compute deals: report");
    assert_eq!(tab.number("document.images.length"), 0.0);
    assert_eq!(tab.number("document.scripts.length"), 1.0);
    assert_eq!(
        tab.number("document.querySelectorAll('[onerror], [onmouseover]').length"),
        0.0
    );
    let text = tab.string("document.body.innerText");
    for shown in [
        "<script>window.pwned=1</script>",
        "\"><img src=x onerror=\"window.pwned=2\">",
        "</svg></table><script>window.pwned=3</script>",
        "{{ 7*7 }} {% if true %}",
        "Evil\\u{202e}gpj.exe",
    ] {
        assert!(text.contains(shown), "{shown:?} is not shown as text");
    }
    assert!(!text.contains('\u{202e}'));
    assert_eq!(
        tab.number("document.querySelectorAll('#deals-table tbody tr').length"),
        5.0
    );
    tab.assert_quiet();
}

/// The checks above could pass by seeing nothing: show that a script the
/// policy refuses is reported as an error, and that a load is seen.
fn harness_sees_errors_and_requests(browser: &mut Browser, dir: &Path) {
    let page = write_report(dir, "bundled.html", None, &[]);
    let html = std::fs::read_to_string(&page).unwrap();

    let tampered = dir.join("tampered-script.html");
    let changed = html.replacen("\"use strict\";", "\"use strict\"; window.pwned = 1;", 1);
    assert_ne!(changed, html);
    std::fs::write(&tampered, changed).unwrap();
    let mut tab = browser.open(&tampered, 1280, 800);
    assert_eq!(
        tab.string("typeof window.pwned"),
        "undefined",
        "the policy ran a script it does not name"
    );
    assert!(!tab.errors().is_empty(), "a refused script logged no error");
    drop(tab);

    let loading = dir.join("loading.html");
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let end = start + html[start..].find('>').unwrap() + 1;
    let unguarded = format!(
        "{}{}<img src=\"http://127.0.0.1:9/pixel.png\" alt=\"\">{}",
        &html[..start],
        &html[end..html.find("</main>").unwrap()],
        &html[html.find("</main>").unwrap()..]
    );
    std::fs::write(&loading, unguarded).unwrap();
    let tab = browser.open(&loading, 1280, 800);
    assert!(
        tab.requests()
            .iter()
            .any(|url| url.starts_with("http://127.0.0.1:9/")),
        "a load was not seen: {:?}",
        tab.requests()
    );
}

/// Writes `deals [--data DATA] report FILTERS -o DIR/NAME`.
fn write_report(dir: &Path, name: &str, data: Option<&Path>, filters: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut command = deals();
    if let Some(data) = data {
        command.arg("--data").arg(data);
    }
    let output = command
        .arg("report")
        .args(filters)
        .arg("-o")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    path
}

/// A screenshot is not one colour: at least 1% of its pixels differ from
/// its top-left pixel.
fn assert_not_blank(png_bytes: &[u8], what: &str) {
    let decoder = png::Decoder::new(Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    let channels = info.line_size / info.width as usize;
    let pixels = &pixels[..info.buffer_size()];
    let first = &pixels[..channels];
    let differ = pixels
        .chunks_exact(channels)
        .filter(|p| p != &first)
        .count();
    let total = pixels.len() / channels;
    assert!(
        differ * 100 >= total,
        "the {what} screenshot is blank: {differ} of {total} pixels differ"
    );
    assert!(info.width > 0 && info.height > 0);
}

/// The browser to use: `DEALS_CHROMIUM`, else the first Chromium on the
/// `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(exe) = std::env::var_os("DEALS_CHROMIUM") {
        return Some(PathBuf::from(exe));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            [
                "chromium",
                "chromium-browser",
                "google-chrome",
                "google-chrome-stable",
            ]
            .map(|name| dir.join(name))
        })
        .find(|exe| exe.is_file())
}

/// A headless Chromium driven through the DevTools protocol over a pipe.
struct Browser {
    child: Child,
    to_browser: PipeWriter,
    from_browser: Receiver<Value>,
    /// Messages read while waiting for another.
    backlog: Vec<Value>,
    next_id: u64,
    profile: tempfile::TempDir,
}

impl Browser {
    fn launch(exe: &Path, dir: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("a profile directory");
        let (child_reads, to_browser) = std::io::pipe().expect("a pipe");
        let (from_browser, child_writes) = std::io::pipe().expect("a pipe");
        let mut command = Command::new(exe);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars",
                "--mute-audio",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(dir.join("chromium.log")).expect("a log file"));
        let (read_fd, write_fd) = (child_reads.as_raw_fd(), child_writes.as_raw_fd());
        // SAFETY: between fork and exec only async-signal-safe calls
        // (fcntl, dup2, close) on descriptors this process owns.
        unsafe {
            command.pre_exec(move || {
                // Copied out of the way first, in case a pipe end already
                // sits at 3 or 4; dup2 then leaves both open across exec.
                let read_copy = libc::fcntl(read_fd, libc::F_DUPFD, 10);
                let write_copy = libc::fcntl(write_fd, libc::F_DUPFD, 10);
                if read_copy < 0
                    || write_copy < 0
                    || libc::dup2(read_copy, 3) < 0
                    || libc::dup2(write_copy, 4) < 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                libc::close(read_copy);
                libc::close(write_copy);
                Ok(())
            });
        }
        let child = command.spawn().expect("start Chromium");
        drop((child_reads, child_writes));
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(from_browser);
            let mut message = Vec::new();
            while reader.read_until(0, &mut message).is_ok_and(|n| n > 0) {
                if message.last() == Some(&0) {
                    message.pop();
                }
                let Ok(value) = serde_json::from_slice::<Value>(&message) else {
                    break;
                };
                if sender.send(value).is_err() {
                    break;
                }
                message.clear();
            }
        });
        Browser {
            child,
            to_browser,
            from_browser: receiver,
            backlog: Vec::new(),
            next_id: 0,
            profile,
        }
    }

    /// Sends a command and waits for its answer.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.to_browser
            .write_all(&bytes)
            .expect("write to Chromium");
        let answer = self.wait_for(|m| m["id"] == json!(id), method);
        if let Some(error) = answer.get("error") {
            panic!("{method}: {error}");
        }
        answer["result"].clone()
    }

    /// Waits for the first message that `wanted` accepts, keeping the
    /// others.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool, what: &str) -> Value {
        if let Some(at) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(at);
        }
        let deadline = Instant::now() + STUCK;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_browser.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.backlog.push(message),
                Err(RecvTimeoutError::Timeout) => panic!("Chromium gave no answer to {what}"),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "Chromium closed its pipe waiting for {what}; see {}",
                    self.profile.path().display()
                ),
            }
        }
    }

    /// Opens `page` in a new tab of `width` × `height` and waits until it
    /// has loaded.
    fn open(&mut self, page: &Path, width: u32, height: u32) -> Tab<'_> {
        let target = self.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        let session = attached["sessionId"].as_str().unwrap().to_string();
        let mut tab = Tab {
            browser: self,
            session,
            target: target["targetId"].as_str().unwrap().to_string(),
            url: format!("file://{}", page.display()),
        };
        for domain in ["Page", "Runtime", "Log", "Network"] {
            tab.call(&format!("{domain}.enable"), json!({}));
        }
        tab.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
        let url = tab.url.clone();
        tab.call("Page.navigate", json!({"url": url}));
        let session = tab.session.clone();
        tab.browser.wait_for(
            |m| m["method"] == "Page.loadEventFired" && m["sessionId"] == json!(session),
            "the page to load",
        );
        tab
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One page in the browser.
struct Tab<'b> {
    browser: &'b mut Browser,
    session: String,
    target: String,
    url: String,
}

impl Tab<'_> {
    fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.browser.call(Some(&session), method, params)
    }

    /// The value of a JavaScript expression; a thrown exception fails.
    fn eval(&mut self, expression: &str) -> Value {
        let answer = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        if let Some(exception) = answer.get("exceptionDetails") {
            panic!("{expression}: {exception}");
        }
        answer["result"]["value"].clone()
    }

    fn number(&mut self, expression: &str) -> f64 {
        let value = self.eval(expression);
        value
            .as_f64()
            .unwrap_or_else(|| panic!("{expression}: {value}"))
    }

    fn string(&mut self, expression: &str) -> String {
        let value = self.eval(expression);
        value
            .as_str()
            .unwrap_or_else(|| panic!("{expression}: {value}"))
            .to_string()
    }

    fn strings(&mut self, expression: &str) -> Vec<String> {
        let value = self.eval(expression);
        let items = value
            .as_array()
            .unwrap_or_else(|| panic!("{expression}: {value}"));
        items
            .iter()
            .map(|v| v.as_str().unwrap_or("").to_string())
            .collect()
    }

    fn screenshot(&mut self) -> Vec<u8> {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("image data"))
            .expect("base64")
    }

    /// The events this tab sent so far.
    fn events(&self) -> Vec<&Value> {
        self.browser
            .backlog
            .iter()
            .filter(|m| m["sessionId"] == json!(self.session) && m.get("method").is_some())
            .collect()
    }

    /// Console errors and warnings, uncaught exceptions and browser log
    /// errors (a refused script or load is one), as text.
    fn errors(&self) -> Vec<String> {
        self.events()
            .into_iter()
            .filter_map(|event| {
                let params = &event["params"];
                match event["method"].as_str()? {
                    "Runtime.consoleAPICalled"
                        if ["error", "warning", "assert"].contains(&params["type"].as_str()?) =>
                    {
                        Some(format!("console: {}", params["args"]))
                    }
                    "Runtime.exceptionThrown" => {
                        Some(format!("exception: {}", params["exceptionDetails"]))
                    }
                    "Log.entryAdded" if params["entry"]["level"] == "error" => {
                        Some(format!("log: {}", params["entry"]["text"]))
                    }
                    "Network.loadingFailed" => Some(format!("failed load: {params}")),
                    _ => None,
                }
            })
            .collect()
    }

    /// Every URL the page asked for.
    fn requests(&self) -> Vec<String> {
        self.events()
            .into_iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .filter_map(|e| e["params"]["request"]["url"].as_str().map(str::to_string))
            .collect()
    }

    /// No error logged, and no request but for the page itself (and the
    /// `data:` icon).
    fn assert_quiet(&self) {
        assert_eq!(
            self.errors(),
            Vec::<String>::new(),
            "the page logged errors"
        );
        let elsewhere: Vec<String> = self
            .requests()
            .into_iter()
            .filter(|url| *url != self.url && !url.starts_with("data:"))
            .collect();
        assert_eq!(elsewhere, Vec::<String>::new(), "the page made requests");
    }
}

impl Drop for Tab<'_> {
    fn drop(&mut self) {
        let target = self.target.clone();
        self.browser
            .call(None, "Target.closeTarget", json!({"targetId": target}));
        let session = self.session.clone();
        self.browser
            .backlog
            .retain(|m| m["sessionId"] != json!(session));
    }
}
