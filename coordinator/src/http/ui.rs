//! A small server-rendered web UI: the query list and one page per query.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::context::{ServerContext, VERSION};

/// `GET /`: Trino answers 303 See Other to `/ui/`.
pub async fn root() -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, "/ui/")]).into_response()
}

/// `GET /ui/`: the list of queries.
pub async fn index(State(ctx): State<Arc<ServerContext>>) -> Html<String> {
    let rows: String = ctx
        .queries
        .all()
        .iter()
        .map(|q| {
            let state = q.progress(|p| p.state.as_str());
            format!(
                "<tr><td><a href=\"query.html?{id}\">{id}</a></td><td>{state}</td><td>{user}</td><td><code>{sql}</code></td></tr>",
                id = q.id,
                user = escape(&q.session.user),
                sql = escape(&q.sql.chars().take(200).collect::<String>()),
            )
        })
        .collect();
    Html(page(
        "Queries",
        &format!(
            "<table><tr><th>Query</th><th>State</th><th>User</th><th>SQL</th></tr>{rows}</table>"
        ),
    ))
}

/// `GET /ui/query.html?{id}`: one query.
pub async fn query_page(State(ctx): State<Arc<ServerContext>>, RawQuery(id): RawQuery) -> Response {
    let id = id.unwrap_or_default();
    let Some(query) = ctx.queries.get(&id) else {
        return Redirect::to("/ui/").into_response();
    };
    let (state, error) = query.progress(|p| (p.state.as_str(), p.error.clone()));
    let error = error.map_or(String::new(), |e| {
        format!(
            "<p class=\"error\">{}: {}</p>",
            e.code.name(),
            escape(&e.display_message())
        )
    });
    Html(page(
        &format!("Query {}", query.id),
        &format!(
            "<p>State: <b>{state}</b> &middot; User: {} &middot; Source: {}</p>{error}<pre>{}</pre>",
            escape(&query.session.user),
            escape(query.session.source.as_deref().unwrap_or("")),
            escape(&query.sql)
        ),
    ))
    .into_response()
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:sans-serif;margin:2em}}td,th{{padding:4px 8px;text-align:left}}\
         .error{{color:#b00}}</style></head><body><h1>{title}</h1>{body}\
         <footer><small>Trino-compatible coordinator, version {VERSION}</small></footer></body></html>"
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Fields of the legacy web-UI login form.
#[derive(Debug, serde::Deserialize)]
pub struct LoginForm {
    username: String,
    #[serde(rename = "redirectPath")]
    redirect_path: Option<String>,
}

/// `POST /ui/login` (the form of the UI before Trino 483): insecure mode accepts any user
/// without a password and redirects to `redirectPath` on this server.
pub async fn legacy_login(
    base: super::BaseUri,
    axum::Form(form): axum::Form<LoginForm>,
) -> Response {
    let target = form
        .redirect_path
        .filter(|p| p.starts_with('/') && !p.starts_with("//") || p.starts_with(&base.uri("/")))
        .unwrap_or_else(|| "/ui/".to_string());
    login_response(StatusCode::SEE_OTHER, &form.username, Some(&target))
}

/// `POST /ui/auth/login` (JSON `{"username", "password"}`, Trino 483 and later).
pub async fn login(axum::Json(form): axum::Json<serde_json::Value>) -> Response {
    let user = form
        .get("username")
        .and_then(|u| u.as_str())
        .unwrap_or_default();
    login_response(StatusCode::OK, user, None)
}

/// `GET /ui/auth/info`: the UI's authentication mode.
pub async fn auth_info() -> Response {
    axum::Json(serde_json::json!({"authType": "insecure", "passwordAllowed": false, "authenticated": true}))
        .into_response()
}

/// `GET /ui/logout`, `/ui/auth/logout`: forgets the UI cookie.
pub async fn logout() -> Response {
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/ui/".to_string()),
            (
                header::SET_COOKIE,
                format!("{UI_COOKIE}=; Path=/ui; Max-Age=0"),
            ),
        ],
    )
        .into_response()
}

/// Cookie that marks a logged-in UI session (insecure mode: it only carries the user name).
const UI_COOKIE: &str = "Trino-UI-Token";

fn login_response(status: StatusCode, user: &str, location: Option<&str>) -> Response {
    let cookie = format!(
        "{UI_COOKIE}={}; Path=/ui; HttpOnly; SameSite=Strict",
        protocol::headers::url_encode(user)
    );
    let mut response = (status, [(header::SET_COOKIE, cookie)]).into_response();
    if let Some(location) = location
        && let Ok(value) = header::HeaderValue::from_str(location)
    {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}
