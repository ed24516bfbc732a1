//! The web build's files, served as `web/serve.py` does: only the site's own files (no path
//! from a request ever reaches the file system), with the headers that make the page
//! cross-origin isolated.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::Server;

/// The files a web build has, and their types.
const FILES: [(&str, &str); 4] = [
    ("index.html", "text/html; charset=utf-8"),
    ("worker.js", "text/javascript; charset=utf-8"),
    ("redlines.js", "text/javascript; charset=utf-8"),
    ("redlines_bg.wasm", "application/wasm"),
];

const NO_SITE: &str = "<!doctype html><meta charset=utf-8><title>Red Lines</title>\
<p>This Red Lines server has no web build to serve. Build it with <code>scripts/build-web.sh \
target/site</code> and start the server with <code>--site target/site</code>.</p>";

pub async fn file(State(server): State<Arc<Server>>, uri: Uri) -> Response {
    let name = match uri.path().trim_start_matches('/') {
        "" => "index.html",
        other => other,
    };
    let Some((name, kind)) = FILES.iter().find(|(file, _)| *file == name) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let body = match &server.site {
        Some(site) => tokio::fs::read(site.join(name)).await.ok(),
        None => None,
    };
    let isolated = [
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Embedder-Policy", "require-corp"),
    ];
    match body {
        Some(body) => (
            isolated,
            [
                (header::CONTENT_TYPE, *kind),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            body,
        )
            .into_response(),
        None if *name == "index.html" => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            NO_SITE,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}
