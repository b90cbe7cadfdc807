/*!
 * Portal do Cliente: "Alguma dúvida?" plugin loader, version 1. No dependencies, no inline
 * code: works under a strict Content-Security-Policy that allows the portal's origin in
 * script-src, style-src and form-action.
 *
 * <script src="https://PORTAL/static/plugin/loader-v1.js" defer
 *         data-integration="int_..."            (the integration's public id)
 *         data-token-callback="getPortalToken"   (window function returning a Promise<string>)
 *         data-position="bottom-right"           (or "bottom-left")
 *         data-color="#0a58ca"                   (button colour, hex)
 *         data-label="Alguma dúvida?"             (button text)
 *         data-waiting="Conectando…"></script>   (shown in the popup while the token comes)
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var portal = new URL(script.src).origin;
  var data = script.dataset;
  var integration = data.integration || "";
  var callbackName = data.tokenCallback || "getPortalToken";
  var popupName = "portal-plugin-" + integration.replace(/[^A-Za-z0-9_-]/g, "");
  var color = /^#[0-9a-fA-F]{3,8}$/.test(data.color || "") ? data.color : "";

  function fail(message, popup, error) {
    if (window.console) {
      window.console.error("Portal plugin: " + message, error || "");
    }
    if (popup && !popup.closed) {
      popup.close();
    }
  }

  // The token goes to the portal as a form POST into the popup: never in a URL, never by
  // postMessage. The popup is a first-party window of the portal, so its session cookie is
  // not a third-party cookie.
  function post(token, popup) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = portal + "/plugin/entrar/";
    form.target = popupName;
    form.hidden = true;
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "token";
    input.value = String(token);
    form.appendChild(input);
    document.body.appendChild(form);
    form.submit();
    document.body.removeChild(form);
    if (popup) {
      popup.focus();
    }
  }

  function open() {
    // Opened synchronously in the click, so popup blockers allow it; the token comes after.
    // Empty: the token's POST is then the popup's only navigation (a first page still
    // loading could win the race and drop the POST).
    var popup = window.open("", popupName, "popup,width=480,height=720");
    try {
      if (popup && popup.document && !popup.document.body.childNodes.length) {
        popup.document.title = data.label || "Alguma dúvida?";
        popup.document.body.textContent = data.waiting || "Conectando à área do cliente…";
      }
    } catch (ignored) {
      // A popup of the same name already showing the portal: nothing to write into.
    }
    var getToken = window[callbackName];
    if (typeof getToken !== "function") {
      fail("window." + callbackName + " is not a function", popup);
      return;
    }
    Promise.resolve()
      .then(function () {
        return getToken({ integration: integration });
      })
      .then(function (token) {
        if (!token) {
          throw new Error("empty token");
        }
        post(token, popup);
      })
      .catch(function (error) {
        fail("could not get a token from the host", popup, error);
      });
  }

  function mount() {
    var host = document.createElement("div");
    host.setAttribute("data-portal-plugin", integration);
    // Shadow DOM: the host page's styles cannot reach the button, nor ours the page.
    var root = host.attachShadow({ mode: "open" });
    var sheet = document.createElement("link");
    sheet.rel = "stylesheet";
    sheet.href = portal + "/static/plugin/widget-v1.css";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "portal-plugin-button " + (data.position === "bottom-left" ? "left" : "right");
    button.textContent = data.label || "Alguma dúvida?";
    button.setAttribute("aria-haspopup", "dialog");
    if (color) {
      host.style.setProperty("--portal-plugin-color", color); // CSSOM: not an inline style
    }
    button.addEventListener("click", open);
    root.appendChild(sheet);
    root.appendChild(button);
    document.body.appendChild(host);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
