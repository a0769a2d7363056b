package dev.carriage.node.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ServingHoursTest {

  @Test
  void nightWindow_crossesMidnight() {
    ServingHours nights = ServingHours.parse("22:00-07:00");
    assertThat(nights.allows(LocalTime.of(23, 30))).isTrue();
    assertThat(nights.allows(LocalTime.of(3, 0))).isTrue();
    assertThat(nights.allows(LocalTime.of(7, 0))).isFalse();
    assertThat(nights.allows(LocalTime.of(12, 0))).isFalse();
  }

  @Test
  void severalWindows_andEmptyMeansAlways() {
    ServingHours hours = ServingHours.parse("01:00-02:00, 12:00-13:30");
    assertThat(hours.allows(LocalTime.of(12, 45))).isTrue();
    assertThat(hours.allows(LocalTime.of(14, 0))).isFalse();
    assertThat(ServingHours.parse("").allows(LocalTime.NOON)).isTrue();
  }

  @Test
  void hoursAreTheOperatorsLocalTime_notUtc() {
    // 14:00 UTC is 23:00 in Tokyo: inside a Tokyo operator's nights, outside a London one's.
    Instant afternoonUtc = Instant.parse("2026-11-23T14:00:00Z");
    assertThat(ServingHours.parse("22:00-07:00", ZoneId.of("Asia/Tokyo")).allows(afternoonUtc)).isTrue();
    assertThat(ServingHours.parse("22:00-07:00", ZoneId.of("Europe/London")).allows(afternoonUtc)).isFalse();
    assertThat(ServingHours.parse("22:00-07:00").zone()).isEqualTo(ZoneId.systemDefault());
  }

  @Test
  void nonsense_isRefusedWithWhatWasWrong() {
    assertThatThrownBy(() -> ServingHours.parse("nights")).hasMessageContaining("'nights' is not HH:MM-HH:MM");
    assertThatThrownBy(() -> ServingHours.parse("25:00-01:00")).hasMessageContaining("25:00-01:00");
  }
}
