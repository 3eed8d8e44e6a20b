package org.skywave.transport.vara;

import java.util.ArrayList;
import java.util.List;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.SessionState;

/** Records everything a VARA link reports; safe to read from the test thread. */
final class VaraLinkRecorder implements LinkListener {

    record Session(LinkAddress peer, SessionState state, String detail) {
    }

    private final List<InboundFrame> frames = new ArrayList<>();
    private final List<LinkState> states = new ArrayList<>();
    private final List<String> stateDetails = new ArrayList<>();
    private final List<Session> sessions = new ArrayList<>();
    private final List<LinkProfile> profiles = new ArrayList<>();
    private final List<Boolean> writability = new ArrayList<>();
    private final List<Boolean> busy = new ArrayList<>();

    @Override
    public synchronized void onFrame(InboundFrame frame) {
        frames.add(frame);
    }

    @Override
    public synchronized void onStateChanged(LinkState state, String detail) {
        states.add(state);
        stateDetails.add(state + ": " + detail);
    }

    @Override
    public synchronized void onSession(LinkAddress peer, SessionState state, String detail) {
        sessions.add(new Session(peer, state, detail));
    }

    @Override
    public synchronized void onProfileChanged(LinkProfile profile, String detail) {
        profiles.add(profile);
    }

    @Override
    public synchronized void onChannelBusy(boolean nowBusy) {
        busy.add(nowBusy);
    }

    @Override
    public synchronized void onWritabilityChanged(boolean writable) {
        writability.add(writable);
    }

    synchronized List<InboundFrame> frames() {
        return new ArrayList<>(frames);
    }

    synchronized int frameCount() {
        return frames.size();
    }

    synchronized List<LinkState> states() {
        return new ArrayList<>(states);
    }

    synchronized List<String> stateDetails() {
        return new ArrayList<>(stateDetails);
    }

    synchronized LinkState lastState() {
        return states.isEmpty() ? null : states.get(states.size() - 1);
    }

    synchronized List<Session> sessions() {
        return new ArrayList<>(sessions);
    }

    synchronized long count(SessionState state) {
        return sessions.stream().filter(s -> s.state() == state).count();
    }

    synchronized List<LinkProfile> profiles() {
        return new ArrayList<>(profiles);
    }

    synchronized List<Boolean> writability() {
        return new ArrayList<>(writability);
    }

    synchronized List<Boolean> busy() {
        return new ArrayList<>(busy);
    }
}
