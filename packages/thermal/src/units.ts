/** Celsius to kelvin. */
export const KELVIN_OFFSET = 273.15;
