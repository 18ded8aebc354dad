// Starts Swagger UI on /docs/try. A file of ours, not an inline script: the portal's CSP is
// script-src 'self'. Swagger UI itself (/static/swagger-ui/) comes from the swagger-ui-py package.
//
// Requests go to this origin with the browser's session cookie; the API wants the session's
// CSRF token on unsafe requests made with a cookie, so the request interceptor adds it (the
// page puts it into <meta name="csrf-token">). Requests to any other origin never get it.
(function () {
  "use strict";

  var UNSAFE = { POST: true, PUT: true, PATCH: true, DELETE: true };

  function sameOrigin(url) {
    try {
      return new URL(url, window.location.href).origin === window.location.origin;
    } catch (error) {
      return false;
    }
  }

  function start() {
    var root = document.getElementById("swagger-ui");
    if (!root || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    var meta = document.querySelector('meta[name="csrf-token"]');
    var csrfToken = meta ? meta.getAttribute("content") : "";
    root.textContent = "";
    window.ui = window.SwaggerUIBundle({
      url: root.getAttribute("data-document"),
      domNode: root,
      deepLinking: true,
      // Never send the document to an outside validator, never take a document URL from the query.
      validatorUrl: null,
      queryConfigEnabled: false,
      displayRequestDuration: true,
      requestInterceptor: function (request) {
        var method = (request.method || "GET").toUpperCase();
        if (csrfToken && UNSAFE[method] && sameOrigin(request.url)) {
          request.headers = request.headers || {};
          request.headers["X-CSRF-Token"] = csrfToken;
        }
        return request;
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
