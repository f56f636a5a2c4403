import { Button, Flex, Typography } from "antd";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

/**
 * The customer signs on the technician's phone (客户签字确认): a canvas drawn with finger, pen or
 * mouse (pointer events); every stroke reports the PNG as a data URL, "重写" clears it (null).
 */
export function SignaturePad({
	onChange,
	height = 180,
}: {
	value?: string | null;
	onChange?: (dataUrl: string | null) => void;
	height?: number;
}) {
	const { t } = useTranslation("repairs");
	const canvas = useRef<HTMLCanvasElement>(null);
	const drawing = useRef(false);

	useEffect(() => {
		const c = canvas.current;
		if (!c) return;
		// draw in device pixels so the signature is sharp on phones
		const ratio = window.devicePixelRatio || 1;
		const width = c.clientWidth || 320;
		c.width = width * ratio;
		c.height = height * ratio;
		const ctx = c.getContext?.("2d");
		if (!ctx) return;
		ctx.scale(ratio, ratio);
		ctx.lineWidth = 2.5;
		ctx.lineCap = "round";
		ctx.lineJoin = "round";
		ctx.strokeStyle = "#000";
	}, [height]);

	const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
		const rect = e.currentTarget.getBoundingClientRect();
		return { x: e.clientX - rect.left, y: e.clientY - rect.top };
	};

	const start = (e: React.PointerEvent<HTMLCanvasElement>) => {
		const ctx = e.currentTarget.getContext?.("2d");
		if (!ctx) return;
		e.currentTarget.setPointerCapture?.(e.pointerId);
		drawing.current = true;
		const p = point(e);
		ctx.beginPath();
		ctx.moveTo(p.x, p.y);
	};
	const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
		if (!drawing.current) return;
		const ctx = e.currentTarget.getContext?.("2d");
		if (!ctx) return;
		const p = point(e);
		ctx.lineTo(p.x, p.y);
		ctx.stroke();
	};
	const end = (e: React.PointerEvent<HTMLCanvasElement>) => {
		if (!drawing.current) return;
		drawing.current = false;
		onChange?.(e.currentTarget.toDataURL("image/png"));
	};
	const clear = () => {
		const c = canvas.current;
		const ctx = c?.getContext?.("2d");
		if (c && ctx) ctx.clearRect(0, 0, c.width, c.height);
		onChange?.(null);
	};

	return (
		<div>
			<canvas
				ref={canvas}
				data-testid="signature-pad"
				aria-label={t("signature.hint")}
				style={{
					width: "100%",
					height,
					border: "1px dashed #bfbfbf",
					borderRadius: 6,
					touchAction: "none",
					background: "#fff",
					display: "block",
				}}
				onPointerDown={start}
				onPointerMove={move}
				onPointerUp={end}
				onPointerLeave={end}
			/>
			<Flex justify="space-between" align="center" style={{ marginTop: 4 }}>
				<Typography.Text type="secondary">
					{t("signature.hint")}
				</Typography.Text>
				<Button size="small" onClick={clear}>
					{t("signature.clear")}
				</Button>
			</Flex>
		</div>
	);
}
