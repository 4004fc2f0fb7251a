//! Re-announcing documents the database holds but the bus has forgotten.

use trialsift_bus::{Bus, OutgoingMessage, Subject};
use trialsift_domain::{DocumentStatus, Stage};
use trialsift_proto::{encode_event, v1};
use trialsift_store::Store;

use crate::WorkerError;

/// Most documents re-announced in one start-up.
const REANNOUNCE_LIMIT: u32 = 100_000;

/// Publishes again the last event of every document still in the pipeline, so the stage that
/// owes it work picks it up. Returns how many were re-announced.
///
/// The in-process bus does not survive a restart while the database does; without this, a
/// document accepted just before the process stopped would wait forever. Stages write
/// idempotently, so a document announced twice is processed twice to the same result.
pub async fn reannounce_unfinished(store: &dyn Store, bus: &dyn Bus) -> Result<usize, WorkerError> {
    let unfinished = store.unfinished(REANNOUNCE_LIMIT).await?;
    let messages: Vec<OutgoingMessage> = unfinished
        .iter()
        .filter_map(|state| {
            let (subject, event) = match state.status {
                DocumentStatus::Submitted => {
                    (Subject::Submitted, v1::DocumentEvent::submitted(&state.id, &state.source))
                }
                DocumentStatus::Split => (
                    Subject::Split,
                    v1::DocumentEvent::completed(&state.id, &state.source, Stage::Split),
                ),
                DocumentStatus::Extracted => (
                    Subject::Extracted,
                    v1::DocumentEvent::completed(&state.id, &state.source, Stage::Extract),
                ),
                DocumentStatus::Validated | DocumentStatus::Failed => return None,
            };
            Some(OutgoingMessage {
                subject,
                message_id: event.message_id(),
                payload: encode_event(&event),
            })
        })
        .collect();
    let count = messages.len();
    if count > 0 {
        bus.publish(messages).await?;
        tracing::info!(count, "re-announced documents left in the pipeline");
    }
    Ok(count)
}
