//! The order of a frame: finished jobs and shortcuts become commands; the panels draw and push
//! commands; the commands run; the projection is recomputed; the document settles (one undo
//! step, the recovery file); the title and the close request are passed to the window.

use super::WacostApp;
use super::command::{Command, MenuCommand};
use super::{PendingAction, Tab};
use crate::gui::ctx::{DocStatus, PanelCtx};
use crate::gui::panels::Panels;

impl WacostApp {
    /// One frame.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.egui_ctx.is_none() {
            crate::gui::fonts::install(&ctx);
        }
        self.egui_ctx = Some(ctx.clone());
        crate::gui::theme::install(&ctx);
        if ctx.options(|o| o.theme_preference) != self.settings.theme.preference() {
            ctx.set_theme(self.settings.theme.preference());
        }
        // Logic: what happened since the last frame.
        for command in self.jobs.finished() {
            self.commands.push(command);
        }
        if let Some(a) = &self.actuals
            && a.reconciliation.currency != self.doc.scenario().currency
        {
            self.reconcile_actuals();
        }
        for m in MenuCommand::pressed(&ctx) {
            self.commands.push(m.command());
        }
        let dropped: Vec<_> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.commands.push(Command::Dropped(path));
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.close_confirmed {
            self.doc.commit();
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.confirm = Some(PendingAction::Close);
            } else if let Some(r) = &self.recovery {
                r.clear();
            }
        }
        self.apply_queued();
        // A message goes when it has been up long enough; the window wakes up to remove it.
        match self.notice.as_ref().map(|n| n.remaining()) {
            Some(None) => self.notice = None,
            Some(Some(left)) => ctx.request_repaint_after(left),
            None => {}
        }

        // The panels: the left one edits the plan, so the tabs show its new projection.
        self.with_panels(|panels, cx| {
            panels.menu.ui(ui, cx);
            panels.status.ui(ui, cx);
            egui::Panel::left("plan")
                .resizable(true)
                .default_size(400.0)
                .min_size(340.0)
                .show(ui, |ui| panels.plan.ui(ui, cx));
        });
        self.recompute();
        self.with_panels(|panels, cx| {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.horizontal(|ui| {
                    for tab in Tab::ALL {
                        ui.selectable_value(&mut cx.settings.tab, tab, tab.label());
                    }
                });
                ui.separator();
                match cx.settings.tab {
                    Tab::Projection => panels.projection.ui(ui, cx),
                    Tab::ByCountry => panels.by_country.ui(ui, cx),
                    Tab::Table => panels.table.ui(ui, cx),
                    Tab::Rates => panels.rates.ui(ui, cx),
                    Tab::Actuals => panels.actuals.ui(ui, cx),
                    Tab::Compare => panels.compare.ui(ui, cx),
                }
            });
            panels.confirm.ui(ui.ctx(), cx);
            panels.file_picker.ui(ui.ctx(), cx);
        });
        self.apply_queued();

        self.settle(&ctx);
        self.recompute();

        let title = self.doc.title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if self.close_confirmed && !self.close_sent {
            self.close_sent = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if self.jobs.any_running() {
            // Progress bars move while a worker reads; a finished worker also asks to repaint.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    fn apply_queued(&mut self) {
        for command in self.commands.take() {
            self.apply(command);
        }
    }

    /// Lends the panels their narrow context: the app's parts, split so that a panel can
    /// touch only what the context holds.
    fn with_panels(&mut self, draw: impl FnOnce(&mut Panels, &mut PanelCtx<'_>)) {
        let doc = DocStatus {
            title: self.doc.title(),
            can_undo: self.doc.can_undo(),
            can_redo: self.doc.can_redo(),
            undo_label: self.doc.undo_label(),
            redo_label: self.doc.redo_label(),
            is_example: self.is_example(),
            variants: self
                .doc
                .plan
                .variants
                .iter()
                .map(|v| v.name.clone())
                .collect(),
            shown: self.doc.shown(),
        };
        let jobs = self.jobs.status();
        let (plan_name, scenario) = self.doc.parts_mut();
        let mut cx = PanelCtx::new(
            scenario,
            plan_name,
            &doc,
            self.projection.as_ref(),
            self.projection_error.as_deref(),
            &self.derived,
            &self.rates,
            &mut self.fields,
            &mut self.settings,
            &jobs,
            self.actuals.as_ref(),
            self.notice.as_ref(),
            self.confirm.as_ref(),
            &mut self.commands,
        );
        draw(&mut self.panels, &mut cx);
    }

    /// Turns the frame's edits into one undo step when no drag or typing is under way, and
    /// keeps the recovery file up to date.
    fn settle(&mut self, ctx: &egui::Context) {
        let busy = ctx.input(|i| i.pointer.any_down()) || ctx.memory(|m| m.focused().is_some());
        if !busy {
            self.doc.commit();
        }
        if let Some(r) = &self.recovery
            && self.doc.is_dirty()
            && self.recovery_for.as_ref() != Some(&self.doc.plan)
        {
            // Written on every settled change: a kill right after an edit loses nothing.
            if r.write(
                &self.doc.plan,
                self.doc.shown(),
                self.doc.path.as_deref(),
                self.doc.stamp.as_ref(),
            )
            .is_ok()
            {
                self.recovery_for = Some(self.doc.plan.clone());
            }
        }
    }
}
