package org.skywave.transport.kiss;

/**
 * The command in the low nibble of a KISS type byte (kiss-ax25.md section 2). {@link #RETURN}
 * is the one exception: it takes the whole type byte, 0xFF.
 */
public enum KissCommand {
    /** A raw AX.25 frame without FCS. */
    DATA(0x0),
    /** Keyup delay in 10 ms units. */
    TXDELAY(0x1),
    /** Persistence: p * 256 - 1. */
    P(0x2),
    /** Slot interval in 10 ms units. */
    SLOTTIME(0x3),
    /** Time to hold the transmitter after the last frame, in 10 ms units. */
    TXTAIL(0x4),
    /** 0 half duplex, anything else full duplex. */
    FULLDUPLEX(0x5),
    /** TNC-specific; Direwolf takes fldigi-style text queries such as {@code TXBUF:}. */
    SETHARDWARE(0x6),
    /** Leave KISS mode. */
    RETURN(0xFF);

    private final int code;

    KissCommand(int code) {
        this.code = code;
    }

    /** The command code: a nibble, or 0xFF for {@link #RETURN}. */
    public int code() {
        return code;
    }

    /** The command for {@code code} (a low nibble or 0xFF). */
    public static KissCommand fromCode(int code) throws KissFormatException {
        for (KissCommand command : values()) {
            if (command.code == code) {
                return command;
            }
        }
        throw new KissFormatException(String.format("unknown KISS command 0x%02x (known: 0x0-0x6 and 0xff)", code));
    }
}
