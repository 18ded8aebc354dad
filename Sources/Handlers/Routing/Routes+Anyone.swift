import Domain

extension Routes {
    /// Routes anyone may call: health, sign-in, registration, password reset, the catalog, documents, gateways' notifications.
    static func anyone(_ r: inout RouteGroup) {
        r.get("/health", HealthHandler.health)
        r.get("/metrics", MetricsHandler.metrics)
        r.get("/", HomeHandler.root)
        r.get("/login", LoginHandler.form)
        r.post("/login", refusal: LoginHandler.refusedPassword, LoginHandler.submit)
        r.get("/login/2fa", LoginHandler.secondFactorForm)
        r.post("/login/2fa", refusal: LoginHandler.refusedSecondFactor, LoginHandler.secondFactorSubmit)
        r.post("/logout", LoginHandler.logout)
        r.get("/register", RegisterHandler.form)
        r.post("/register", refusal: RegisterHandler.refused, RegisterHandler.submit)
        r.get("/password/forgot", PasswordResetHandler.forgotForm)
        r.post("/password/forgot", refusal: PasswordResetHandler.forgotRefused, PasswordResetHandler.forgotSubmit)
        r.get("/password/reset", PasswordResetHandler.resetForm)
        r.post("/password/reset", refusal: PasswordResetHandler.resetRefused, PasswordResetHandler.resetSubmit)
        r.get("/verify-email", EmailVerificationHandler.confirm)
        r.get("/catalog", CatalogHandler.show)
        r.get("/docs", DocsPages.reference)
        r.get("/docs/try", DocsPages.tryIt)
        r.get("/api/v1/openapi.json", DocsPages.document)
        r.post("/api/v1/auth/register", AuthAPIHandler.register)
        r.post("/api/v1/auth/verify-email", AuthAPIHandler.verifyEmail)
        r.post("/api/v1/auth/login", AuthAPIHandler.login)
        r.post("/api/v1/auth/password-reset", PasswordResetAPIHandler.request)
        r.post("/api/v1/auth/password-reset/confirm", PasswordResetAPIHandler.confirm)
        // Payment gateways' notifications: raw body, no session, no CSRF — the signature is checked instead.
        r.webhook("/webhooks/{gateway}", WebhooksHandler.receive)
        // The demo gateway's hosted payment page (the unguessable session id is the key, as on a real gateway).
        r.get("/pay/demo/{session}", DemoPayHandler.show)
        r.post("/pay/demo/{session}/pay", DemoPayHandler.pay)
        r.post("/pay/demo/{session}/decline", DemoPayHandler.decline)
    }
}
