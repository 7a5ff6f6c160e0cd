import { type CompleteDispatchInput, Namespace, type Outcome, ResponderEvent, type ResponderServerEvents } from '@app/contracts';
import { useCallback, useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { alarmSound } from '../alert/alarm-sound';
import type { DispatchAnswer } from '../api/api';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { SoundBlockedBar } from '../components/SoundBlockedBar';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { OutcomeSelect } from '../components/OutcomeSelect';
import { TelLink } from '../components/TelLink';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { serverReconnects } from '../live/server-reconnects';
import { formatElapsed } from '../live/sla';
import type { ConnectionState } from '../live/use-console-live';
import { useSession } from '../session-context';
import { useNow } from '../use-now';
import { ResponderCare } from '../care/ResponderCare';
import { DoorPanel } from './DoorPanel';
import { fromMine, fromOffered, isActive, isShown, type OfferCard, shownStatus, timeOut, upsertCard } from './offers';

/** A new offer is hard to miss outdoors: a chime, and a buzz where the browser allows it. */
function announceOffer(): void {
  alarmSound.play([1046, 1318, 1568, 1318, 1568], 0.15);
  if (typeof navigator.vibrate === 'function') navigator.vibrate([400, 150, 400, 150, 400]);
}

/** The phone view: a responder's offers, big answer buttons, and what they need at the door. */
export function ResponderPage() {
  const { t } = useI18n();
  const { api, session, token, logout } = useSession();
  const [cards, setCards] = useState<OfferCard[]>([]);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [error, setError] = useState<string>();
  const now = useNow(1000);

  const loadMine = useCallback(() => {
    api.myDispatches().then(
      (mine) =>
        setCards((current) =>
          mine.map(fromMine).reduce(
            upsertCard,
            current.filter((c) => mine.some((m) => m.id === c.dispatchId)),
          ),
        ),
      (e: unknown) => setError(describeFailure(t, e)),
    );
  }, [api, t]);

  useEffect(() => {
    const socket: Socket<ResponderServerEvents> = io(Namespace.Responders, {
      auth: (cb) => cb({ token: token() }),
      transports: ['websocket'],
    });
    socket.on('connect', () => {
      setConnection('connected');
      // Whatever was offered while the phone was away.
      loadMine();
    });
    const reconnects = serverReconnects(socket, logout);
    socket.on('disconnect', (reason) => {
      setConnection('reconnecting');
      reconnects.disconnected(reason);
    });
    socket.on('connect_error', (e) => {
      setConnection((c) => (c === 'connecting' ? c : 'reconnecting'));
      reconnects.refused(e);
    });
    socket.on(ResponderEvent.DispatchOffered, (offer) => {
      setCards((current) => upsertCard(current, fromOffered(offer)));
      announceOffer();
    });
    socket.on(ResponderEvent.DispatchTimedOut, ({ dispatchId }) => setCards((current) => timeOut(current, dispatchId)));
    socket.on(ResponderEvent.DispatchCancelled, ({ dispatchId }) =>
      setCards((current) => current.map((c) => (c.dispatchId === dispatchId ? { ...c, status: 'cancelled' } : c))),
    );
    return () => {
      reconnects.stop();
      socket.removeAllListeners();
      socket.close();
    };
  }, [token, logout, loadMine]);

  async function answer(card: OfferCard, action: DispatchAnswer, body?: CompleteDispatchInput) {
    setError(undefined);
    try {
      const updated = await api.answerDispatch(card.dispatchId, action, body);
      setCards((current) => current.map((c) => (c.dispatchId === card.dispatchId ? { ...c, status: updated.status } : c)));
    } catch (e) {
      setError(describeFailure(t, e));
      loadMine();
    }
  }

  const visible = cards.filter(isShown);
  return (
    <div className="phone">
      <header className="phone-bar">
        <strong>{t('responderView.title')}</strong>
        <span className="muted">{session.user.username}</span>
        <button type="button" data-action="logout" onClick={logout}>
          {t('auth.logout')}
        </button>
      </header>
      <ConnectionBanner state={connection} />
      <SoundBlockedBar phone />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {visible.length === 0 && <p className="empty">{t('responderView.noOffers')}</p>}
      {visible.map((card) => (
        <OfferCardView key={card.dispatchId} card={card} now={now} onAnswer={(a, body) => void answer(card, a, body)} />
      ))}
      <ResponderCare />
      <footer className="phone-foot">
        <LanguageSwitch />
      </footer>
    </div>
  );
}

function OfferCardView({ card, now, onAnswer }: { card: OfferCard; now: number; onAnswer: (a: DispatchAnswer, body?: CompleteDispatchInput) => void }) {
  const { t } = useI18n();
  // What the responder saw, said on completing: chosen on purpose, never preset.
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [note, setNote] = useState('');
  const r = card.resident;
  const left = Date.parse(card.expiresAt) - now;
  // Expired by this phone's clock even before the server's push: never an Accept button on a dead offer.
  const status = shownStatus(card, now);
  return (
    <article className={`offer-card offer-card-${status}`} data-dispatch-id={card.dispatchId} data-status={status}>
      <header>
        <span className={`offer offer-${status}`}>{status === 'timed_out' ? t('responderView.expired') : t(`dispatch.${status}`)}</span>
        {status === 'offered' && <span className={left < 15_000 ? 'countdown urgent' : 'countdown'}>{formatElapsed(left)}</span>}
      </header>
      <h2>
        {r.fullName} <span className="muted">{t('resident.ageShort', { age: r.age })}</span>
      </h2>
      <p className="address">{r.address}</p>
      {r.phone && (
        <p>
          {t('resident.phone')}: <TelLink phone={r.phone} />
        </p>
      )}
      {r.accessNotes && (
        <p className="access-notes">
          {t('resident.accessNotes')}: {r.accessNotes}
        </p>
      )}
      {r.allergies.length > 0 && <p className="allergies">{t('responderView.allergies', { list: r.allergies.join(', ') })}</p>}
      {r.medicalHistory.length > 0 && <p>{t('responderView.history', { list: r.medicalHistory.join(', ') })}</p>}
      {/* Not for an offer already expired by this phone's clock. */}
      {isActive({ ...card, status }) && <DoorPanel dispatchId={card.dispatchId} status={card.status} />}
      <div className="big-actions">
        {status === 'offered' && (
          <>
            <button type="button" className="primary huge" data-action="accept" onClick={() => onAnswer('accept')}>
              {t('responderView.accept')}
            </button>
            <button type="button" className="huge" data-action="decline" onClick={() => onAnswer('decline')}>
              {t('responderView.decline')}
            </button>
          </>
        )}
        {card.status === 'accepted' && (
          <button type="button" className="primary huge" data-action="en-route" onClick={() => onAnswer('en-route')}>
            {t('door.enRoute')}
          </button>
        )}
        {(card.status === 'accepted' || card.status === 'en_route') && (
          <button type="button" className={card.status === 'en_route' ? 'primary huge' : 'huge'} data-action="arrive" onClick={() => onAnswer('arrive')}>
            {t('responderView.arrived')}
          </button>
        )}
        {card.status === 'arrived' && (
          <form
            className="complete-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (outcome) onAnswer('complete', { outcome, ...(note.trim() ? { note: note.trim() } : {}) });
            }}
          >
            <OutcomeSelect name="completeOutcome" label="door.outcome" placeholder="door.chooseOutcome" value={outcome} onChange={setOutcome} />
            <label>
              {t('door.completeNote')}
              <input name="completeNote" value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} />
            </label>
            <button type="submit" className="primary huge" data-action="complete" disabled={!outcome}>
              {t('responderView.completed')}
            </button>
          </form>
        )}
      </div>
    </article>
  );
}
