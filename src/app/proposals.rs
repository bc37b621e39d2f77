//! Per client, remembered: the settings and mapping are kept for the client RUT when the
//! user changes them (and after every run, with the mapping the run used), and proposed
//! when the files of a new period of that client are read; the mapping editor then marks
//! each header as remembered from the last period or new.

use std::collections::BTreeMap;

use cuadra_core::Settings;
use leptos::prelude::*;

use super::saved::key_of;
use super::state::AppState;
use super::store_queue::{enqueue, fail};
use crate::storage::proposal::{mapping_origins, next_period_proposal, MappingOrigin};
use crate::storage::{ClientRecord, ClosingKey, Storage};
use crate::ui_text;

/// Watches the closing the files tell and the settings: proposes a new period's settings,
/// and remembers the user's changes.
pub fn follow_client(state: AppState) {
    let key = Memo::new(move |_| state.session.with(|session| key_of(&session.closing())));
    let settings = Memo::new(move |_| state.session.with(|session| session.settings.clone()));
    // A closing told by files just read: propose what the client used last.
    Effect::new(move |_| {
        let Some(key) = key.get() else {
            state.saved.proposal.set(None);
            return;
        };
        enqueue(state, move |storage| async move {
            propose(state, &storage, key).await;
        });
    });
    // After each run stored: the settings with the mapping the run used (every header).
    Effect::new(move |_| {
        if state.saved.runs_recorded.get() == 0 {
            return;
        }
        let Some(Some((key, mapping))) = state.session.try_with_untracked(|session| {
            let document = session.result()?;
            Some((
                key_of(&document.closing)?,
                document.settings.mapping.clone(),
            ))
        }) else {
            return;
        };
        enqueue(state, move |storage| async move {
            remember_client(state, &storage, key, Some(mapping)).await;
        });
    });
    // The user changed the settings or mapping of a known closing: remember them.
    Effect::new(move |previous: Option<Settings>| {
        let current = settings.get();
        if previous
            .as_ref()
            .is_some_and(|previous| *previous != current)
        {
            if let Some(key) = key.get_untracked() {
                enqueue(state, move |storage| async move {
                    remember_client(state, &storage, key, None).await;
                });
            }
        }
        current
    });
}

/// Applies the client's remembered settings to a closing of another period whose settings
/// the user has not changed, and keeps the record for the editor's marks.
async fn propose(state: AppState, storage: &Storage, key: ClosingKey) {
    if state.saved.open.get_untracked() == Some(key) {
        return;
    }
    let client = match storage.load_client(key.company_rut).await {
        Ok(client) => client,
        Err(error) => return fail(state, &error),
    };
    let Some(client) = client.filter(|client| client.period != key.period) else {
        state.saved.proposal.try_set(None);
        return;
    };
    let Some(proposal) = next_period_proposal(Some(&client)) else {
        return;
    };
    let untouched = state
        .wiring
        .try_with_value(|wiring| wiring.options.preset.settings.clone())
        .is_some_and(|preset| {
            // Untouched: as the page or host started, or as the client's closing on screen
            // left them (a reload shows last month's closing before this month's files).
            state.session.with_untracked(|session| {
                [&preset, &Settings::default(), &client.settings].contains(&&session.settings)
            })
        });
    if untouched {
        state.session.update(|session| {
            session.change_settings(|settings| *settings = proposal.settings);
        });
    }
    state.saved.proposal.try_set(Some(client));
}

/// Stores the client's current settings for `key`'s period; `known_mapping` is the mapping a
/// run used (every header), else the one remembered is kept.
async fn remember_client(
    state: AppState,
    storage: &Storage,
    key: ClosingKey,
    known_mapping: Option<BTreeMap<String, Option<String>>>,
) {
    let Some(settings) = state
        .session
        .try_with_untracked(|session| session.settings.clone())
    else {
        return;
    };
    let stored = match storage.load_client(key.company_rut).await {
        Ok(stored) => stored,
        Err(error) => return fail(state, &error),
    };
    let unchanged = stored.as_ref().is_some_and(|stored| {
        stored.settings == settings && stored.period == key.period && known_mapping.is_none()
    });
    if unchanged {
        return;
    }
    let mut known = stored
        .map(|stored| stored.known_mapping)
        .unwrap_or_default();
    known.extend(known_mapping.unwrap_or_default());
    let client = ClientRecord {
        company_rut: key.company_rut,
        settings,
        known_mapping: known,
        period: key.period,
        updated_at_ms: js_sys::Date::now(),
    };
    if let Err(error) = storage.save_client(client).await {
        fail(state, &error);
    }
}

/// "del mes anterior" or "nuevo" beside a novedades header, when last period's settings
/// were proposed.
#[component]
pub fn OriginMark(header: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let origin = state.saved.proposal.with(|client| {
            let client = client.as_ref()?;
            mapping_origins(Some(client), std::slice::from_ref(&header), &[])
                .first()
                .map(|entry| entry.origin)
        })?;
        let (id, label) = match origin {
            MappingOrigin::LastPeriod => ("mes_anterior", ui_text::ORIGIN_LAST_PERIOD),
            MappingOrigin::New => ("nuevo", ui_text::ORIGIN_NEW),
        };
        Some(view! { <span class="origen" data-origen=id>{label}</span> })
    }
}
