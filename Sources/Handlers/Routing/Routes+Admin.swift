import Domain

extension Routes {
    /// Admins only: settings (billing, payments, notifications, webhooks), templates and the team.
    static func admin(_ r: inout RouteGroup) {
        r.post("/admin/staff/{id}/reset-2fa", StaffHandler.resetTwoFactor)
        r.post("/api/v1/staff/{id}/reset-2fa", StaffAPIHandler.resetTwoFactor)

        r.get("/admin/settings/billing", BillingSettingsPagesHandler.show)
        r.post("/admin/settings/billing", stepUp: true, refusal: BillingSettingsPagesHandler.refused, BillingSettingsPagesHandler.update)
        r.post("/admin/settings/billing/tax-rates", stepUp: true, refusal: BillingSettingsPagesHandler.refused, BillingSettingsPagesHandler.createRate)
        r.post("/admin/settings/billing/tax-rates/{id}", stepUp: true, refusal: BillingSettingsPagesHandler.refused,
               BillingSettingsPagesHandler.updateRate)
        r.post("/admin/settings/billing/tax-rates/{id}/delete", stepUp: true, refusal: BillingSettingsPagesHandler.refused,
               BillingSettingsPagesHandler.deleteRate)
        r.get("/admin/settings/dunning", DunningPagesHandler.settings)
        r.post("/admin/settings/dunning", stepUp: true, refusal: DunningPagesHandler.refused, DunningPagesHandler.updateSettings)
        r.get("/admin/settings/payments", PaymentsPagesHandler.settings)
        r.post("/admin/settings/payments/{gateway}", stepUp: true, refusal: PaymentsPagesHandler.refused, PaymentsPagesHandler.updateSettings)
        r.get("/admin/settings/notifications", NotificationSettingsPagesHandler.show)
        r.post("/admin/settings/notifications", stepUp: true, refusal: NotificationSettingsPagesHandler.refused,
               NotificationSettingsPagesHandler.update)
        r.get("/admin/settings/notifications/templates", NotificationTemplatePagesHandler.list)
        r.get("/admin/settings/notifications/templates/{event}/{channel}", NotificationTemplatePagesHandler.edit)
        r.post("/admin/settings/notifications/templates/{event}/{channel}", refusal: NotificationTemplatePagesHandler.refused,
               NotificationTemplatePagesHandler.save)
        r.post("/admin/settings/notifications/templates/{event}/{channel}/preview", refusal: NotificationTemplatePagesHandler.refused,
               NotificationTemplatePagesHandler.preview)
        r.post("/admin/settings/notifications/templates/{event}/{channel}/reset", refusal: NotificationTemplatePagesHandler.refused,
               NotificationTemplatePagesHandler.reset)
        r.get("/api/v1/settings/payments", PaymentsAPIHandler.settings)
        r.patch("/api/v1/settings/payments/{gateway}", stepUp: true, PaymentsAPIHandler.updateSettings)
        r.get("/api/v1/settings/billing", BillingSettingsAPIHandler.show)
        r.get("/api/v1/settings/dunning", DunningAPIHandler.showSettings)
        r.patch("/api/v1/settings/dunning", stepUp: true, DunningAPIHandler.updateSettings)
        r.patch("/api/v1/settings/billing", stepUp: true, BillingSettingsAPIHandler.update)
        r.get("/api/v1/settings/notifications", NotificationSettingsAPIHandler.show)
        r.patch("/api/v1/settings/notifications", stepUp: true, NotificationSettingsAPIHandler.update)
        r.get("/api/v1/settings/notifications/templates", NotificationTemplatesAPIHandler.list)
        r.get("/api/v1/settings/notifications/templates/{event}/{channel}", NotificationTemplatesAPIHandler.show)
        r.put("/api/v1/settings/notifications/templates/{event}/{channel}", NotificationTemplatesAPIHandler.save)
        r.delete("/api/v1/settings/notifications/templates/{event}/{channel}", NotificationTemplatesAPIHandler.reset)
        r.post("/api/v1/settings/notifications/templates/{event}/{channel}/preview", NotificationTemplatesAPIHandler.preview)
        r.get("/api/v1/settings/notifications/sms", SMSAPIHandler.settings)
        r.patch("/api/v1/settings/notifications/sms", stepUp: true, SMSAPIHandler.updateSettings)
        r.get("/api/v1/settings/notifications/channels", NotificationChannelsAPIHandler.list)
        r.patch("/api/v1/settings/notifications/channels/{name}", stepUp: true, NotificationChannelsAPIHandler.update)
        r.patch("/api/v1/settings/webhooks", stepUp: true, WebhookSettingsAPIHandler.update)
        r.post("/admin/webhooks/settings", stepUp: true, refusal: WebhookPagesHandler.refused, WebhookPagesHandler.updateSettings)
        r.post("/admin/webhooks", refusal: WebhookPagesHandler.refused, WebhookPagesHandler.create)
        r.post("/admin/webhooks/{id}/delete", refusal: WebhookPagesHandler.refused, WebhookPagesHandler.delete)
        r.post("/admin/webhooks/{id}/ping", refusal: WebhookPagesHandler.refused, WebhookPagesHandler.ping)
        r.post("/admin/webhooks/{id}/redeliver", refusal: WebhookPagesHandler.refused, WebhookPagesHandler.redeliver)
        r.post("/admin/webhooks/{id}/enable", refusal: WebhookPagesHandler.refused, WebhookPagesHandler.enable)
        r.post("/api/v1/webhooks", WebhooksAPIHandler.create)
        r.post("/api/webhooks/subscribe", WebhooksAPIHandler.subscribe)
        r.delete("/api/v1/webhooks/{id}", WebhooksAPIHandler.delete)
        r.post("/api/v1/webhooks/{id}/ping", WebhooksAPIHandler.ping)
        r.post("/api/v1/webhooks/{id}/redeliver", WebhooksAPIHandler.redeliver)
        r.post("/api/v1/webhooks/{id}/enable", WebhooksAPIHandler.enable)
        r.get("/api/v1/tax-rates", BillingSettingsAPIHandler.listRates)
        r.post("/api/v1/tax-rates", stepUp: true, BillingSettingsAPIHandler.createRate)
        r.put("/api/v1/tax-rates/{id}", stepUp: true, BillingSettingsAPIHandler.updateRate)
        r.delete("/api/v1/tax-rates/{id}", stepUp: true, BillingSettingsAPIHandler.deleteRate)
    }
}
